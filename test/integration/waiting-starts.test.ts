import { context, freshHandler, loadEvent } from '../helpers/backends';
import { shortestGap, startClockedBackends, zoomCallsFor, type ClockedBackends } from '../helpers/clocked-backends';

/**
 * A start nobody waits for (a direct invoke, an EventBridge event) of a meeting that has not begun:
 * it waits for the meeting on the fake clock that the simulator shares, reading Zoom's status no more
 * often than every 10 s, and starts the stream once the meeting runs.
 */
let backends: ClockedBackends;
beforeAll(async () => {
  backends = await startClockedBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

const handler = () => freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 });

function eventBridgeStart(meetingId: string, detail: Record<string, unknown> = {}, emittedAgoMs = 0) {
  const event = loadEvent('start-eventbridge.json');
  event.time = new Date(backends.clock.now() - emittedAgoMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  event.detail = { meetingId, ...detail };
  return event;
}

it('starts the stream of a meeting that begins 15 s after its scheduled start, within one direct invoke', async () => {
  const meetingId = backends.addLateMeeting(15_000);

  const result = await handler().handler({ meetingId }, context(120_000));

  expect(result).toEqual({ meetingId, action: 'start', status: 'ok' });
  expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, starts: 1 });
  expect(zoomCallsFor(backends.zoom, meetingId).patches.map((r) => r.status)).toEqual([400, 204]);
});

it('reads the status of a waiting meeting no more often than every 10 s', async () => {
  const meetingId = backends.addLateMeeting(95_000);

  await handler().handler({ meetingId }, context(120_000));

  const reads = zoomCallsFor(backends.zoom, meetingId).statusReads;
  expect(reads.length).toBeGreaterThan(1);
  expect(shortestGap(reads)).toBeGreaterThanOrEqual(10_000);
});

it('starts the stream within 10 s of the meeting starting', async () => {
  const startsAt = backends.clock.now() + 47_000;
  const meetingId = backends.addLateMeeting(47_000);

  await handler().handler({ meetingId }, context(120_000));

  expect(backends.zoom.meetingState(meetingId)?.lastStartAt).toBeLessThanOrEqual(startsAt + 10_000);
});

it('waits for the meeting on the EventBridge path too, with the settings of the event', async () => {
  const settings = { display_name: 'All hands', layout: 'gallery_view' };
  const meetingId = backends.addLateMeeting(25_000);

  const result = await handler().handler(eventBridgeStart(meetingId, { settings }), context(120_000));

  expect(result).toMatchObject({ meetingId, status: 'ok' });
  expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, settings });
});

it('throws MEETING_NOT_STARTED once the start window has passed without the meeting starting', async () => {
  const meetingId = backends.addLateMeeting(undefined);
  const startedAt = backends.clock.now();

  await expect(handler().handler({ meetingId, startWindowMinutes: 1 }, context(120_000))).rejects.toMatchObject({
    name: 'MEETING_NOT_STARTED',
    message: expect.stringContaining('start window'),
  });
  expect(backends.clock.now() - startedAt).toBeGreaterThanOrEqual(60_000);
  expect(zoomCallsFor(backends.zoom, meetingId).patches).toHaveLength(1);
});

it('with a start window of 0 minutes, throws MEETING_NOT_STARTED at once', async () => {
  const meetingId = backends.addLateMeeting(60_000);
  const { handler: start } = handler();
  const sleepsBefore = backends.clock.sleeps.length;

  await expect(start({ meetingId, startWindowMinutes: 0 }, context(120_000))).rejects.toMatchObject({ name: 'MEETING_NOT_STARTED' });
  expect(backends.clock.sleeps.length).toBe(sleepsBefore);
});

it('starts a meeting that begins in the last seconds of its window rather than giving up before the window ends', async () => {
  // The event was emitted 5 s before it arrived: the 1-minute window ends 55 s from now; the meeting starts at 52 s.
  const meetingId = backends.addLateMeeting(52_000);

  const result = await handler().handler(eventBridgeStart(meetingId, { startWindowMinutes: 1 }, 5000), context(120_000));

  expect(result).toMatchObject({ meetingId, status: 'ok' });
  expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true });
});

describe('a window longer than the invocation', () => {
  it('hands the job to the start queue and answers "waiting"', async () => {
    const meetingId = backends.addLateMeeting(5 * 60_000);
    const { handler: start, services } = handler();

    const result = await start({ meetingId }, context(30_000));

    expect(result).toMatchObject({ meetingId, action: 'start', status: 'waiting' });
    expect(services.startQueue.sent).toBe(1);
    await services.startQueue.drain(); // lets the continuation finish before the next test
  });

  it('is continued from the queue until the meeting runs, starting it once', async () => {
    const meetingId = backends.addLateMeeting(5 * 60_000);
    const { handler: start, services } = handler();
    await start({ meetingId }, context(30_000));

    await services.startQueue.drain();

    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, starts: 1 });
    const calls = zoomCallsFor(backends.zoom, meetingId);
    expect(calls.patches.map((r) => r.status)).toEqual([400, 204]);
    expect(shortestGap(calls.statusReads)).toBeGreaterThanOrEqual(10_000);
  });

  it('keeps the settings of the invoke across the hand-off', async () => {
    const settings = { display_name: 'Board meeting', active_speaker_name: false };
    const meetingId = backends.addLateMeeting(3 * 60_000);
    const { handler: start, services } = handler();
    await start({ meetingId, settings }, context(30_000));

    await services.startQueue.drain();

    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, settings });
  });

  it('parks the continued job in the failure queue with MEETING_NOT_STARTED once the window passes', async () => {
    const meetingId = backends.addLateMeeting(undefined);
    const { handler: start, services } = handler();
    await start({ meetingId, startWindowMinutes: 2 }, context(30_000));

    await services.startQueue.drain();

    expect(services.failureQueue.messages).toEqual([expect.objectContaining({ code: 'MEETING_NOT_STARTED' })]);
    expect(JSON.parse(services.failureQueue.messages[0]?.body ?? '{}')).toMatchObject({ meetingId });
  });
});
