import {
  AwsUnavailableError,
  budgetOf,
  recordedFailures,
  ConfigurationError,
  LAST_DELIVERY,
  MEETING,
  meetingChangeMessage,
  processMessage,
  queuedMessage,
  RecordingScheduler,
  registerAutoStart,
  startJob,
  startJobMessage,
  TokenProvider,
  useCaseDeps,
  ZoomRefusedCredentialsError,
  type UseCaseDeps,
} from './support';

let deps: UseCaseDeps;
beforeEach(() => {
  deps = useCaseDeps();
});

/** The plain payload a schedule sends, as the start queue delivers it. */
const scheduleMessage = (receiveCount = 1) => queuedMessage(JSON.stringify({ meetingId: MEETING.id }), { receiveCount, sentAt: deps.clock.now() });
const failingPatches = (status: number, times = 50) => deps.fakeZoom.answerNext('updateLiveStreamStatus', { status }, times);

describe('a start job message', () => {
  it('of a running meeting is started and deleted', async () => {
    expect(await processMessage(deps, scheduleMessage())).toBe('done');
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);
    expect(deps.startQueue.sent).toEqual([]);
    expect(deps.failureQueue.messages).toEqual([]);
  });

  it('of a waiting meeting is sent again with a delay up to its next check, marked known waiting, and the delivery is done', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });

    expect(await processMessage(deps, scheduleMessage())).toBe('done');

    expect(deps.startQueue.sent.map((entry) => entry.delaySeconds)).toEqual([10]);
    expect(deps.startQueue.jobs()).toEqual([expect.objectContaining({ origin: 'schedule', jobId: 'message-1', knownWaiting: true })]);
    // No waiting inside the worker's invocation.
    expect(deps.clock.sleeps).toEqual([]);
    expect(deps.failureQueue.messages).toEqual([]);
  });

  it('whose window passed is parked as MEETING_NOT_STARTED and recorded for the operator', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const job = startJob(deps, { knownWaiting: true, windowEndsAt: deps.clock.now() });

    expect(await processMessage(deps, queuedMessage(startJobMessage(job)))).toBe('done');

    expect(deps.failureQueue.messages).toEqual([expect.objectContaining({ code: 'MEETING_NOT_STARTED', body: startJobMessage(job) })]);
    expect(await deps.failures.get('job-1', budgetOf(deps))).toMatchObject({ code: 'MEETING_NOT_STARTED', origin: 'webhook', attempts: 1 });
  });

  it('that fails for a passing reason is delivered again, and recorded only on its last delivery', async () => {
    failingPatches(503);
    for (let delivery = 1; delivery < LAST_DELIVERY; delivery += 1) {
      expect(await processMessage(deps, scheduleMessage(delivery))).toBe('retry');
    }
    expect(await recordedFailures(deps)).toEqual([]);
    expect(deps.notifier.notified).toEqual([]);

    expect(await processMessage(deps, scheduleMessage(LAST_DELIVERY))).toBe('retry');

    // The queue's own redrive parks it; the worker parks nothing itself.
    expect(deps.failureQueue.messages).toEqual([]);
    expect(await recordedFailures(deps)).toEqual([expect.objectContaining({ code: 'ZOOM_UNAVAILABLE', attempts: LAST_DELIVERY })]);
    expect(deps.notifier.notified).toHaveLength(1);
  });

  it('that fails for good is parked in the failure queue and recorded once, also when delivered twice', async () => {
    deps.fakeZoom.meeting(MEETING.id, { streamConfigured: false });

    expect(await processMessage(deps, scheduleMessage(1))).toBe('done');
    expect(await processMessage(deps, scheduleMessage(2))).toBe('done');

    expect(deps.failureQueue.messages.map((entry) => entry.code)).toEqual(['STREAM_NOT_CONFIGURED', 'STREAM_NOT_CONFIGURED']);
    expect(await recordedFailures(deps)).toEqual([expect.objectContaining({ failureId: 'message-1', code: 'STREAM_NOT_CONFIGURED', attempts: 1 })]);
    expect(deps.notifier.notified.map((failure) => failure.failureId)).toEqual(['message-1']);
  });

  it('whose failure cannot be announced is still recorded and parked', async () => {
    deps.fakeZoom.meeting(MEETING.id, { streamConfigured: false });
    deps.notifier.failWith = new Error('SNS is down');

    expect(await processMessage(deps, scheduleMessage())).toBe('done');

    expect(deps.failureQueue.messages).toHaveLength(1);
    expect(await deps.failures.get('message-1', budgetOf(deps))).toBeDefined();
  });

  it('meeting a configuration problem is delivered again (it may be fixed in minutes), not parked', async () => {
    const refusing = useCaseDeps({
      tokens: new TokenProvider(
        { get: async () => ({ kind: 'server-to-server', accountId: 'a', clientId: 'c', clientSecret: 's' }), invalidate: () => undefined },
        async () => {
          throw new ZoomRefusedCredentialsError('Zoom refused the credentials: Invalid client_id or client_secret');
        },
        deps.clock,
      ),
    });

    expect(await processMessage(refusing, queuedMessage(JSON.stringify({ meetingId: MEETING.id })))).toBe('retry');
    expect(refusing.failureQueue.messages).toEqual([]);
    expect(refusing.fakeZoom.calls).toEqual([]);
  });
});

describe('a message the worker cannot read', () => {
  it.each([
    ['not JSON', 'this is not json'],
    ['without a meeting id', JSON.stringify({ settings: {} })],
    ['with an unknown origin', JSON.stringify({ meetingId: MEETING.id, job: { origin: 'elsewhere' } })],
  ])('(%s) is parked as INVALID_REQUEST, not retried, and calls no Zoom', async (_, body) => {
    expect(await processMessage(deps, queuedMessage(body))).toBe('done');
    expect(deps.failureQueue.messages).toEqual([expect.objectContaining({ body, code: 'INVALID_REQUEST' })]);
    expect(deps.fakeZoom.calls).toEqual([]);
    // Only start jobs are the operator's failures.
    expect(await recordedFailures(deps)).toEqual([]);
  });
});

describe('a meeting-time start', () => {
  const NOV_26 = '2026-11-26T09:00:00Z';
  const NOV_27 = '2026-11-27T09:00:00Z';
  let scheduler: RecordingScheduler;

  /** Registers a daily meeting with schedule, lets its first armed start fire, and resolves the fired message. */
  async function firedStart(): Promise<string> {
    deps.fakeZoom.meeting(MEETING.id, {
      type: 8,
      timezone: 'Europe/Berlin',
      durationMinutes: 60,
      occurrences: [
        { occurrenceId: '1795683600000', startTime: NOV_26, durationMinutes: 60 },
        { occurrenceId: '1795770000000', startTime: NOV_27, durationMinutes: 60 },
      ],
    });
    await registerAutoStart(MEETING, { schedule: true }, budgetOf(deps), deps);
    const [armed] = [...scheduler.armed.values()];
    deps.clock.advance(Date.parse(NOV_26) - deps.clock.now());
    deps.fakeZoom.calls.length = 0;
    return armed!.message;
  }

  beforeEach(() => {
    scheduler = new RecordingScheduler();
    deps = useCaseDeps({ scheduler });
  });

  it('arms the next occurrence beside its start, without disarming the schedule that fired', async () => {
    const message = await firedStart();

    expect(await processMessage(deps, queuedMessage(message))).toBe('done');

    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);
    expect([...scheduler.armed.values()].map((start) => new Date(start.at).toISOString())).toEqual(['2026-11-26T09:00:00.000Z', '2026-11-27T09:00:00.000Z']);
    expect(scheduler.disarmed).toEqual([]);
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.nextStart).toMatchObject({ at: '2026-11-27T09:00:00.000Z', occurrenceId: '1795770000000' });
  });

  it('whose re-arm fails for a passing reason is delivered again; the redelivery only re-arms', async () => {
    const message = await firedStart();
    scheduler.failures.push(new AwsUnavailableError('Scheduler did not answer'));

    expect(await processMessage(deps, queuedMessage(message, { receiveCount: 1 }))).toBe('retry');
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);

    expect(await processMessage(deps, queuedMessage(message, { receiveCount: 2 }))).toBe('done');
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.nextStart?.at).toBe('2026-11-27T09:00:00.000Z');
  });

  it('whose re-arm fails for good is logged and the delivery done: the start itself stands', async () => {
    const message = await firedStart();
    scheduler.failures.push(new ConfigurationError('the scheduler role may not create schedules'));

    expect(await processMessage(deps, queuedMessage(message))).toBe('done');
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);
    expect(deps.failureQueue.messages).toEqual([]);
  });
});

describe('a meeting change message', () => {
  it('deleted: removes the registration and disarms its start', async () => {
    const scheduler = new RecordingScheduler();
    deps = useCaseDeps({ scheduler });
    deps.fakeZoom.meeting(MEETING.id, { type: 2, startTime: '2026-11-26T10:00:00Z', durationMinutes: 30 });
    await registerAutoStart(MEETING, { schedule: true }, budgetOf(deps), deps);
    const [name] = [...scheduler.armed.keys()];

    expect(await processMessage(deps, queuedMessage(meetingChangeMessage(MEETING, 'deleted')))).toBe('done');

    expect(scheduler.disarmed).toEqual([name]);
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.autoStart).toBeUndefined();
  });

  it('without meeting-time hooks changes nothing and is done', async () => {
    expect(await processMessage(deps, queuedMessage(meetingChangeMessage(MEETING, 'updated')), 60_000, { hooks: false })).toBe('done');
    expect(deps.fakeZoom.calls).toEqual([]);
  });
});
