import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, until, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * A start armed at a meeting's time waits for the host within a window covering the meeting's
 * duration, and does not start a stream that another path already started for this occurrence.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const MEETING = '81000000002';
const STARTS_MS = Date.UTC(2026, 2, 2, 11, 0);
const MINUTE = 60_000;

let clock: ManualClock;
let system: MeetingTimesSystem;

beforeEach(async () => {
  clock = new ManualClock(T0);
  system = await startMeetingTimesSystem({ clock, pollIntervalMs: 10 * MINUTE });
});
afterEach(() => system.close());

async function registerMeetingStartingAt(hostStartsAt: number | undefined): Promise<void> {
  system.zoom.addMeeting(MEETING, {
    type: 2,
    startTime: new Date(STARTS_MS).toISOString(),
    duration: 45,
    timezone: 'America/New_York',
    ...(hostStartsAt !== undefined ? { startsAt: hostStartsAt } : { status: 'waiting' }),
  });
  const answer = await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { schedule: true });
  expect(answer.status).toBe(200);
}

/** The armed start fired, found the meeting not running, and handed itself back to the queue to look again. */
async function firstAttemptFoundItWaiting(): Promise<void> {
  await clock.advanceTo(STARTS_MS);
  await until(() => system.zoomCalls().length === 3 && clock.sleeping === 1, 'a start attempt, a status read and a delayed re-check');
}

it('starts the stream when the host starts the meeting late, within its duration', async () => {
  await registerMeetingStartingAt(STARTS_MS + 25 * MINUTE);
  await firstAttemptFoundItWaiting();

  await clock.advanceTo(STARTS_MS + 30 * MINUTE);
  await until(() => system.zoom.meetingState(MEETING)?.starts === 1, 'the late start');

  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, lastStartAt: STARTS_MS + 30 * MINUTE });
});

it('gives up with MEETING_NOT_STARTED once the meeting duration has passed without the host', async () => {
  await registerMeetingStartingAt(undefined);
  await firstAttemptFoundItWaiting();

  await clock.advanceTo(STARTS_MS + 50 * MINUTE);
  await until(() => system.failures.messages.length === 1, 'the failed job parked');

  expect(system.failures.messages[0]).toMatchObject({ code: 'MEETING_NOT_STARTED' });
  expect(system.zoom.meetingState(MEETING)?.starts).toBe(0);
});

it('does not start again a stream the meeting.started webhook started for this occurrence', async () => {
  await registerMeetingStartingAt(undefined);
  await clock.advanceTo(STARTS_MS - 10 * MINUTE);
  system.zoom.startMeeting(MEETING);
  await system.settle();
  expect(system.zoom.meetingState(MEETING)?.starts).toBe(1);

  await clock.advanceTo(STARTS_MS);
  await system.settle();

  expect(system.zoom.meetingState(MEETING)?.starts).toBe(1);
});
