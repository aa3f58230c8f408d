import type { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, until, type MeetingTimesSystem } from '../helpers/meeting-times-system';
import type { MeetingOptions } from '../zoom-simulator';

/**
 * A recurring meeting with a fixed time (type 8): its next occurrence is armed at registration, and
 * after each occurrence's start has run the start worker arms the one after it, reading the meeting
 * once per re-arm.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0); // Monday 2 March 2026
const MEETING = '82000000001';
const MINUTE = 60_000;
const OCCURRENCES = [Date.UTC(2026, 2, 3, 9, 0), Date.UTC(2026, 2, 10, 9, 0), Date.UTC(2026, 2, 17, 9, 0)] as const;
const [FIRST, SECOND, THIRD] = OCCURRENCES;
const iso = (ms: number) => new Date(ms).toISOString();
const path = `/meetings/${MEETING}/livestream`;

let clock: ManualClock;
let system: MeetingTimesSystem;

async function start(options: { at?: number; meeting?: Partial<MeetingOptions> } = {}): Promise<void> {
  clock = new ManualClock(options.at ?? T0);
  system = await startMeetingTimesSystem({ clock, backoff: { baseMs: 250, capMs: 8000, maxAttempts: 1 } });
  system.zoom.addMeeting(MEETING, {
    type: 8,
    startTime: iso(FIRST),
    duration: 60,
    timezone: 'Europe/Berlin',
    occurrences: OCCURRENCES.map((ms) => ({ start_time: iso(ms) })),
    ...options.meeting,
  });
}
afterEach(() => system.close());

const register = () => system.api('PUT', `${path}/auto-start`, { schedule: true });
const nextStart = async () => (await system.api('GET', path)).body.nextStart;
const pendingTimers = () => [...(system.scheduler as TimerStartScheduler).pending().values()];

async function runOccurrence(ms: number): Promise<void> {
  await clock.advanceTo(ms);
  await system.settle();
}

it('arms the first upcoming occurrence at registration', async () => {
  await start();

  const answer = await register();

  expect(answer.body.nextStart).toBe(iso(FIRST));
});

it('arms the second occurrence when the first has already ended', async () => {
  await start({ at: FIRST + 2 * 60 * MINUTE });

  const answer = await register();

  expect(answer.body.nextStart).toBe(iso(SECOND));
});

it('arms an occurrence still in progress at registration, within it', async () => {
  await start({ at: FIRST + 20 * MINUTE });

  const answer = await register();

  const at = Date.parse(answer.body.nextStart);
  expect(at).toBeGreaterThan(clock.now());
  expect(at).toBeLessThan(FIRST + 60 * MINUTE);
});

it('skips an occurrence Zoom lists as deleted', async () => {
  await start({ meeting: { occurrences: [{ start_time: iso(FIRST), status: 'deleted' }, { start_time: iso(SECOND) }] } });

  const answer = await register();

  expect(answer.body.nextStart).toBe(iso(SECOND));
});

it('arms the next occurrence after the first one has started', async () => {
  await start();
  await register();

  await runOccurrence(FIRST);

  expect(await nextStart()).toBe(iso(SECOND));
  expect(pendingTimers()).toEqual([SECOND]);
});

it('re-arms with one meeting read when the start fires, beside the start itself', async () => {
  await start();
  await register();
  system.zoom.clearRequests();

  await runOccurrence(FIRST);

  expect([...system.zoomCalls()].sort()).toEqual([`GET /v2/meetings/${MEETING}`, `PATCH /v2/meetings/${MEETING}/livestream/status`]);
});

it('starts every occurrence once, at its own time', async () => {
  await start();
  await register();
  const startedAt: number[] = [];

  for (const occurrence of OCCURRENCES) {
    await runOccurrence(occurrence);
    startedAt.push(system.zoom.meetingState(MEETING)?.lastStartAt ?? NaN);
  }

  expect(startedAt).toEqual([...OCCURRENCES]);
  expect(system.zoom.meetingState(MEETING)?.starts).toBe(3);
});

it('has no next start after the last occurrence', async () => {
  await start();
  await register();

  for (const occurrence of OCCURRENCES) await runOccurrence(occurrence);

  expect(await nextStart()).toBeNull();
  expect(pendingTimers()).toEqual([]);
});

it('arms the next occurrence after a start that failed for good', async () => {
  await start({ meeting: { streamConfigured: false } });
  await register();

  await runOccurrence(FIRST);

  expect(system.failures.messages.map((m) => m.code)).toEqual(['STREAM_NOT_CONFIGURED']);
  expect(await nextStart()).toBe(iso(SECOND));
});

it('arms the next occurrence after Zoom was unavailable for every delivery of a start', async () => {
  await start();
  await register();
  system.zoom.injectFaults({ type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'status', status: 503 });
  const patches = () => system.zoomCalls().filter((call) => call.startsWith('PATCH')).length;

  await clock.advanceTo(FIRST);
  // Sleeping: the redelivery, and the next occurrence's timer, armed when the start fired.
  await until(() => patches() === 1 && clock.sleeping === 2, 'the first delivery failed and waits to be redelivered');
  await clock.advance(30_000);
  await until(() => patches() === 2 && clock.sleeping === 2, 'the second delivery failed and waits to be redelivered');
  await clock.advance(30_000);
  await until(() => system.deadLetters.length === 1, 'the third delivery failed for good');
  await system.settle();

  expect(await nextStart()).toBe(iso(SECOND));
  expect(pendingTimers()).toEqual([SECOND]);
});

