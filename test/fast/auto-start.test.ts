import {
  budgetOf,
  InvalidRequestError,
  ManualClock,
  MEETING,
  meetingChanged,
  OCCURRENCE_LOOKBACK_MS,
  parseQueueMessage,
  rearmBefore,
  RecordingScheduler,
  RecordingStartQueue,
  registerAutoStart,
  scheduleName,
  startJob,
  TimerStartScheduler,
  unregisterAutoStart,
  useCaseDeps,
  type StartJob,
  type UseCaseDeps,
} from './support';

const TEN = '2026-11-26T10:00:00Z';
const ELEVEN = '2026-11-26T11:00:00Z';

let scheduler: RecordingScheduler;
let deps: UseCaseDeps;
beforeEach(() => {
  scheduler = new RecordingScheduler();
  deps = useCaseDeps({ scheduler });
  // A one-time meeting at 10:00 UTC for 45 minutes, held in Berlin's time zone.
  deps.fakeZoom.meeting(MEETING.id, { status: 'waiting', type: 2, startTime: TEN, durationMinutes: 45, timezone: 'Europe/Berlin' });
});

const budget = () => budgetOf(deps);
const record = () => deps.store.get(MEETING, budget());
const armedJobs = (): StartJob[] =>
  [...scheduler.armed.values()].map((start) => {
    const message = parseQueueMessage(start.message, { messageId: 'fired', sentAt: start.at });
    if (message.kind !== 'start') throw new Error('a scheduled message that is no start');
    return message.job;
  });

describe('registerAutoStart', () => {
  it('without schedule stores the registration, reads no Zoom and arms nothing', async () => {
    const registration = await registerAutoStart(MEETING, { settings: { display_name: 'Town hall' } }, budget(), deps);

    expect(registration).toEqual({ autoStart: { settings: { display_name: 'Town hall' }, schedule: false, registeredAt: new Date(deps.clock.now()).toISOString() } });
    expect((await record())?.autoStart).toEqual(registration.autoStart);
    expect(deps.fakeZoom.calls).toEqual([]);
    expect(scheduler.armed.size).toBe(0);
  });

  it('with schedule reads the meeting once and arms a meeting-time start at its time, in its time zone, for its duration', async () => {
    const at = Date.parse(TEN);
    const registration = await registerAutoStart(MEETING, { schedule: true, settings: { layout: 'speaker_view' } }, budget(), deps);

    const name = scheduleName(MEETING, at);
    expect(registration.nextStart).toEqual({ at: new Date(at).toISOString(), scheduleName: name, timezone: 'Europe/Berlin', windowMinutes: 45 });
    expect((await record())?.nextStart).toEqual(registration.nextStart);
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['getMeeting']);
    expect([...scheduler.armed.values()]).toEqual([expect.objectContaining({ name, at, timezone: 'Europe/Berlin' })]);
    expect(armedJobs()).toEqual([
      expect.objectContaining({
        origin: 'meeting-time',
        jobId: name,
        settings: { layout: 'speaker_view' },
        firstAttemptAt: at,
        windowEndsAt: at + 45 * 60_000,
        notBefore: at - OCCURRENCE_LOOKBACK_MS,
        occurrence: { startTime: new Date(at).toISOString() },
      }),
    ]);
  });

  it('arms a meeting about to begin no closer to now than 15 s', async () => {
    deps.fakeZoom.meeting(MEETING.id, { startTime: new Date(deps.clock.now() + 5000).toISOString() });
    const registration = await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    expect(registration.nextStart?.at).toBe(new Date(deps.clock.now() + 15_000).toISOString());
  });

  it.each([
    [1, /is an instant meeting/],
    [3, /is a recurring meeting with no fixed time/],
  ])('with schedule refuses a meeting of type %s (400 saying why) and stores nothing', async (type, why) => {
    deps.fakeZoom.meeting(MEETING.id, { type });

    const error = await registerAutoStart(MEETING, { schedule: true }, budget(), deps).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toMatch(/^schedule: /);
    expect(await record()).toBeUndefined();
    expect(scheduler.armed.size).toBe(0);
  });

  it('again at a new time replaces the armed start', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    deps.fakeZoom.meeting(MEETING.id, { startTime: ELEVEN });

    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);

    expect([...scheduler.armed.keys()]).toEqual([scheduleName(MEETING, Date.parse(ELEVEN))]);
    expect(scheduler.disarmed).toEqual([scheduleName(MEETING, Date.parse(TEN))]);
  });

  it('again without schedule disarms the armed start and clears it', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    await registerAutoStart(MEETING, {}, budget(), deps);

    expect(scheduler.armed.size).toBe(0);
    expect((await record())?.nextStart).toBeUndefined();
    expect((await record())?.autoStart?.schedule).toBe(false);
  });
});

describe('unregisterAutoStart', () => {
  it('removes the registration and disarms its start', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    await unregisterAutoStart(MEETING, budget(), deps);

    expect(scheduler.armed.size).toBe(0);
    expect((await record())?.autoStart).toBeUndefined();
    expect((await record())?.nextStart).toBeUndefined();
  });

  it('is fine for a meeting never registered, and disarms nothing', async () => {
    await expect(unregisterAutoStart(MEETING, budget(), deps)).resolves.toBeUndefined();
    expect(scheduler.disarmed).toEqual([]);
  });
});

describe('meetingChanged', () => {
  it('updated: moves the armed start to the new time, leaving one', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    deps.fakeZoom.meeting(MEETING.id, { startTime: ELEVEN });

    expect(await meetingChanged(MEETING, 'updated', budget(), deps)).toBe('next start armed at 2026-11-26T11:00:00.000Z');
    expect([...scheduler.armed.keys()]).toEqual([scheduleName(MEETING, Date.parse(ELEVEN))]);
  });

  it('updated: neither reads nor arms anything for a meeting registered without schedule', async () => {
    await registerAutoStart(MEETING, {}, budget(), deps);
    expect(await meetingChanged(MEETING, 'updated', budget(), deps)).toBe('registered without schedule; nothing to move');
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('updated: removes the armed start when the meeting no longer has a fixed time', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    deps.fakeZoom.meeting(MEETING.id, { type: 3 });

    expect(await meetingChanged(MEETING, 'updated', budget(), deps)).toMatch(/^no time to start at: meeting 85746065432 is a recurring meeting with no fixed time/);
    expect(scheduler.armed.size).toBe(0);
    expect((await record())?.nextStart).toBeUndefined();
  });

  it('deleted: removes the registration and its armed start', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    expect(await meetingChanged(MEETING, 'deleted', budget(), deps)).toBe('registration and its armed start removed');
    expect(scheduler.armed.size).toBe(0);
    expect((await record())?.autoStart).toBeUndefined();
  });
});

describe('rearmBefore, when a meeting-time start fires', () => {
  it('of a one-time meeting clears the fired start without asking Zoom; a later update does not arm it again', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    const [fired] = armedJobs();
    deps.clock.advance(Date.parse(TEN) - deps.clock.now());
    deps.fakeZoom.calls.length = 0;

    await rearmBefore(fired!, budget(), deps);

    expect(deps.fakeZoom.calls).toEqual([]);
    expect(await record()).toMatchObject({ lastOccurrence: fired!.occurrence!.startTime });
    expect((await record())?.nextStart).toBeUndefined();
    expect(await meetingChanged(MEETING, 'updated', budget(), deps)).toMatch(/^no time to start at: .*took place already/);
  });

  it('of a recurring meeting arms the next occurrence; a redelivery arms nothing more', async () => {
    deps.fakeZoom.meeting(MEETING.id, {
      type: 8,
      occurrences: [
        { occurrenceId: '1', startTime: TEN, durationMinutes: 45 },
        { occurrenceId: '2', startTime: '2026-11-27T10:00:00Z', durationMinutes: 45 },
      ],
    });
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    const [fired] = armedJobs();
    deps.clock.advance(Date.parse(TEN) - deps.clock.now());

    await rearmBefore(fired!, budget(), deps);
    const reads = deps.fakeZoom.callsOf('getMeeting').length;
    await rearmBefore(fired!, budget(), deps);

    expect((await record())?.nextStart).toMatchObject({ at: '2026-11-27T10:00:00.000Z', occurrenceId: '2' });
    expect(deps.fakeZoom.callsOf('getMeeting')).toHaveLength(reads);
    // The fired schedule deleted itself: it is not disarmed.
    expect(scheduler.disarmed).toEqual([]);
  });

  it('does nothing for a start of another origin', async () => {
    await registerAutoStart(MEETING, { schedule: true }, budget(), deps);
    const before = await record();
    await rearmBefore(startJob(deps, { origin: 'webhook' }), budget(), deps);
    expect(await record()).toEqual(before);
    expect(deps.fakeZoom.callsOf('getMeeting')).toHaveLength(1);
  });
});

describe('TimerStartScheduler (no AWS)', () => {
  it('sends the armed message to the start queue when its time comes, and nothing once disarmed', async () => {
    const clock = new ManualClock(deps.clock.now());
    const queue = new RecordingStartQueue();
    const timers = new TimerStartScheduler(clock, queue);
    const timed = useCaseDeps({ clock: deps.clock, fakeZoom: deps.fakeZoom, scheduler: timers });
    await registerAutoStart(MEETING, { schedule: true }, budgetOf(timed), timed);
    expect([...timers.pending().values()]).toEqual([Date.parse(TEN)]);

    await clock.advanceTo(Date.parse(TEN) - 1);
    expect(queue.sent).toEqual([]);
    await clock.advanceTo(Date.parse(TEN));
    expect(queue.jobs()).toEqual([expect.objectContaining({ origin: 'meeting-time', jobId: scheduleName(MEETING, Date.parse(TEN)) })]);
    expect(queue.sent[0]!.delaySeconds).toBe(0);

    deps.fakeZoom.meeting(MEETING.id, { startTime: ELEVEN });
    await registerAutoStart(MEETING, { schedule: true }, budgetOf(timed), timed);
    await unregisterAutoStart(MEETING, budgetOf(timed), timed);
    await clock.advanceTo(Date.parse(ELEVEN) + 60_000);
    expect(queue.sent).toHaveLength(1);
    expect(timers.pending().size).toBe(0);
  });
});
