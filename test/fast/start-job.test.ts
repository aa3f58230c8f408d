import {
  budgetOf,
  MEETING,
  MeetingNotStartedError,
  POLL_INTERVAL_MS,
  runStartJob,
  startJob,
  StreamNotConfiguredError,
  useCaseDeps,
  type UseCaseDeps,
} from './support';

const inline = { waitInline: true };
const handBack = { waitInline: false };

let deps: UseCaseDeps;
beforeEach(() => {
  deps = useCaseDeps();
});

describe('runStartJob', () => {
  it('starts the stream of a running meeting with one PATCH and settles its claim as done', async () => {
    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);

    expect(outcome).toEqual({ kind: 'started', outcome: { status: 'ok' } });
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.startClaim).toMatchObject({ jobId: 'job-1', origin: 'webhook', state: 'done' });
  });

  it('sends the registered settings with the start', async () => {
    const settings = { display_name: 'Town hall', layout: 'gallery_view' as const };
    await runStartJob(startJob(deps, { settings }), budgetOf(deps), deps, handBack);
    expect(deps.fakeZoom.meeting(MEETING.id).streaming).toBe(true);
    expect(deps.fakeZoom.calls).toEqual([expect.objectContaining({ method: 'updateLiveStreamStatus', action: 'start', token: 'fake-token-1' })]);
  });

  it('hands a waiting meeting back at once on the queue path, marked known waiting, next check one poll interval on', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const now = deps.clock.now();

    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);

    expect(outcome).toMatchObject({ kind: 'waiting', checkAt: now + POLL_INTERVAL_MS, job: { jobId: 'job-1', knownWaiting: true } });
    expect(deps.clock.sleeps).toEqual([]);
    // The refusal released the claim: a later path (or this job's continuation) may take it.
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.startClaim).toBeUndefined();
  });

  it('continues a known-waiting job by reading the status, sending no PATCH while the meeting still waits', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });

    const outcome = await runStartJob(startJob(deps, { knownWaiting: true }), budgetOf(deps), deps, handBack);

    expect(outcome.kind).toBe('waiting');
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['getMeeting']);
  });

  it('waits inline, polling every interval, and starts once the meeting runs', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const original = deps.clock.sleep.bind(deps.clock);
    // The host starts the meeting during the second wait.
    deps.clock.sleep = async (ms) => {
      await original(ms);
      if (deps.clock.sleeps.length === 2) deps.fakeZoom.meeting(MEETING.id, { status: 'started' });
    };

    const outcome = await runStartJob(startJob(deps), budgetOf(deps, 120_000), deps, inline);

    expect(outcome.kind).toBe('started');
    expect(deps.clock.sleeps).toEqual([POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
    // The refused start, the status read that explains it, one read per wait, the start.
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['updateLiveStreamStatus', 'getMeeting', 'getMeeting', 'getMeeting', 'updateLiveStreamStatus']);
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(2);
  });

  it('hands back instead of waiting inline when the budget cannot hold the wait and a start after it', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const outcome = await runStartJob(startJob(deps), budgetOf(deps, 15_000), deps, inline);
    expect(outcome.kind).toBe('waiting');
    expect(deps.clock.sleeps).toEqual([]);
  });

  it('takes its last look at the window end itself, not one interval before it', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const now = deps.clock.now();
    const outcome = await runStartJob(startJob(deps, { windowEndsAt: now + 4000 }), budgetOf(deps), deps, handBack);
    expect(outcome).toMatchObject({ kind: 'waiting', checkAt: now + 4000 });
  });

  it('throws MEETING_NOT_STARTED once the window has passed without the meeting running, keeping Zoom’s answer', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const job = startJob(deps, { windowEndsAt: deps.clock.now() });

    const error = await runStartJob(job, budgetOf(deps), deps, handBack).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MeetingNotStartedError);
    expect((error as MeetingNotStartedError).message).toMatch(/did not start within its start window/);
    expect((error as MeetingNotStartedError).zoom).toMatchObject({ zoomStatus: 400, zoomCode: 3000 });
    // Released, not settled failed: a webhook when the host starts later still starts it.
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.startClaim).toBeUndefined();
  });

  it('waits inline until the window passes, then throws MEETING_NOT_STARTED', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const job = startJob(deps, { windowEndsAt: deps.clock.now() + 25_000 });

    await expect(runStartJob(job, budgetOf(deps, 120_000), deps, inline)).rejects.toBeInstanceOf(MeetingNotStartedError);
    expect(deps.clock.sleeps).toEqual([10_000, 10_000, 5000]);
  });

  it('is handled elsewhere when another path’s start is done', async () => {
    await deps.store.claimStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', now: deps.clock.now(), notBefore: 0, leaseMs: 60_000 }, budgetOf(deps));
    await deps.store.settleStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', state: 'done', at: deps.clock.now() }, budgetOf(deps));

    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);

    expect(outcome).toMatchObject({ kind: 'handled-elsewhere', claim: { origin: 'schedule', state: 'done' } });
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('is handled elsewhere when another path’s start failed: one failure is reported once', async () => {
    await deps.store.claimStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', now: deps.clock.now(), notBefore: 0, leaseMs: 60_000 }, budgetOf(deps));
    await deps.store.settleStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', state: 'failed', at: deps.clock.now(), code: 'STREAM_NOT_CONFIGURED' }, budgetOf(deps));

    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);

    expect(outcome).toMatchObject({ kind: 'handled-elsewhere', claim: { state: 'failed', code: 'STREAM_NOT_CONFIGURED' } });
  });

  it('looks again 5 s later while another path holds a pending claim', async () => {
    const now = deps.clock.now();
    await deps.store.claimStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', now, notBefore: 0, leaseMs: 60_000 }, budgetOf(deps));

    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);

    expect(outcome).toMatchObject({ kind: 'waiting', checkAt: now + 5000 });
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('starts again when the claim it meets belongs to an earlier occurrence', async () => {
    await deps.store.claimStart(MEETING, { jobId: 'old', origin: 'schedule', now: deps.clock.now() - 3600_000, notBefore: 0, leaseMs: 60_000 }, budgetOf(deps));
    await deps.store.settleStart(MEETING, { jobId: 'old', origin: 'schedule', state: 'done', at: deps.clock.now() - 3600_000 }, budgetOf(deps));

    const outcome = await runStartJob(startJob(deps), budgetOf(deps), deps, handBack);
    expect(outcome.kind).toBe('started');
  });

  it('settles its claim failed with the error’s code and throws a start Zoom refuses for good', async () => {
    deps.fakeZoom.meeting(MEETING.id, { streamConfigured: false });

    await expect(runStartJob(startJob(deps), budgetOf(deps), deps, handBack)).rejects.toBeInstanceOf(StreamNotConfiguredError);
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.startClaim).toMatchObject({ jobId: 'job-1', state: 'failed', code: 'STREAM_NOT_CONFIGURED' });
  });

  it('counts a status read that fails for a passing reason as "not yet"', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    deps.fakeZoom.answerNext('getMeeting', { status: 503 }, 6);
    const outcome = await runStartJob(startJob(deps, { knownWaiting: true }), budgetOf(deps, 2000), deps, handBack);
    expect(outcome.kind).toBe('waiting');
  });
});

describe('a keep-alive restart', () => {
  const keepAliveJob = () => startJob(deps, { origin: 'keep-alive', jobId: 'keep-alive-1', droppedAt: deps.clock.now() - 30_000, instance: 'uuid-1#keep-alive-1' });
  const register = (keepAlive: boolean) =>
    deps.store.putAutoStart(MEETING, { settings: {}, schedule: false, registeredAt: new Date(deps.clock.now() - 3600_000).toISOString(), keepAlive }, budgetOf(deps));

  it('restarts the stream of a meeting still running and still registered', async () => {
    await register(true);
    const outcome = await runStartJob(keepAliveJob(), budgetOf(deps), deps, handBack);
    expect(outcome.kind).toBe('started');
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['getMeeting', 'updateLiveStreamStatus']);
  });

  it('is not needed once keep-alive is no longer registered, and calls no Zoom', async () => {
    await register(false);
    const outcome = await runStartJob(keepAliveJob(), budgetOf(deps), deps, handBack);
    expect(outcome).toEqual({ kind: 'not-needed', reason: 'keep-alive no longer registered' });
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('is not needed after a stop through the API since the drop', async () => {
    await register(true);
    await deps.store.noteStop(MEETING, new Date(deps.clock.now() - 10_000).toISOString(), budgetOf(deps));
    const outcome = await runStartJob(keepAliveJob(), budgetOf(deps), deps, handBack);
    expect(outcome).toEqual({ kind: 'not-needed', reason: 'stopped through this system since the drop' });
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('is not needed when the meeting ended: one status read, no start', async () => {
    await register(true);
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const outcome = await runStartJob(keepAliveJob(), budgetOf(deps), deps, handBack);
    expect(outcome).toEqual({ kind: 'not-needed', reason: 'meeting not running (waiting)' });
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['getMeeting']);
  });

  it('is not needed when Zoom no longer has the meeting', async () => {
    await register(true);
    deps.fakeZoom.remove(MEETING.id);
    const outcome = await runStartJob(keepAliveJob(), budgetOf(deps), deps, handBack);
    expect(outcome).toEqual({ kind: 'not-needed', reason: 'meeting not running (MEETING_NOT_FOUND)' });
  });
});
