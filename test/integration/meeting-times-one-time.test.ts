import { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * `PUT /meetings/{id}/livestream/auto-start` with `{"schedule": true}` for a scheduled meeting
 * (type 2): read from Zoom once, armed at its time (a timer here, no SCHEDULE_* variables), and
 * started through the start queue when that time comes.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0); // Monday 2 March 2026, 09:00 UTC
const MEETING = '81000000001';
const STARTS = '2026-03-02T11:00:00Z'; // 12:00 in Berlin
const STARTS_MS = Date.parse(STARTS);
const path = `/meetings/${MEETING}/livestream`;

let clock: ManualClock;
let system: MeetingTimesSystem;

beforeEach(async () => {
  clock = new ManualClock(T0);
  system = await startMeetingTimesSystem({ clock });
  // Not running until the host starts it at its time.
  system.zoom.addMeeting(MEETING, { type: 2, startTime: STARTS, duration: 45, timezone: 'Europe/Berlin', startsAt: STARTS_MS });
});
afterEach(() => system.close());

const register = (body: unknown = { schedule: true }) => system.api('PUT', `${path}/auto-start`, body);

it('answers with the registration and the next start at the meeting time', async () => {
  const answer = await register();

  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ meetingId: MEETING, autoStart: { settings: {}, schedule: true }, nextStart: '2026-03-02T11:00:00.000Z' });
});

it('echoes the settings it will start with', async () => {
  const answer = await register({ schedule: true, settings: { layout: 'gallery_view', display_name: 'Town hall' } });

  expect(answer.body.autoStart).toEqual({ settings: { layout: 'gallery_view', display_name: 'Town hall' }, schedule: true });
});

it('reads the meeting from Zoom once and calls nothing else', async () => {
  await register();

  expect(system.zoomCalls()).toEqual([`GET /v2/meetings/${MEETING}`]);
});

it('arms one timer, at the meeting time', async () => {
  await register();

  const scheduler = system.scheduler as TimerStartScheduler;
  expect(scheduler).toBeInstanceOf(TimerStartScheduler);
  expect([...scheduler.pending().values()]).toEqual([STARTS_MS]);
});

it('shows the next start in GET …/livestream', async () => {
  await register();

  const answer = await system.api('GET', path);

  expect(answer.body).toMatchObject({ meetingId: MEETING, autoStart: { settings: {}, schedule: true }, nextStart: '2026-03-02T11:00:00.000Z' });
});

it('starts nothing before the meeting time', async () => {
  await register();

  await clock.advanceTo(STARTS_MS - 60_000);
  await system.settle();

  expect(system.zoom.meetingState(MEETING)?.starts).toBe(0);
});

it('starts the stream at the meeting time', async () => {
  await register();

  await clock.advanceTo(STARTS_MS);
  await system.settle();

  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1, lastStartAt: STARTS_MS });
});

it('starts with the registered settings', async () => {
  await register({ schedule: true, settings: { layout: 'speaker_view', close_caption: 'embedded' } });

  await clock.advanceTo(STARTS_MS);
  await system.settle();

  expect(system.zoom.meetingState(MEETING)?.settings).toEqual({ layout: 'speaker_view', close_caption: 'embedded' });
});

it('clears the next start once the only start of a one-time meeting has run', async () => {
  await register();
  await clock.advanceTo(STARTS_MS);
  await system.settle();

  const answer = await system.api('GET', path);

  expect(answer.body.nextStart).toBeNull();
});

it('replaces the earlier registration when registered again, keeping one timer', async () => {
  await register({ schedule: true, settings: { layout: 'gallery_view' } });

  const answer = await register({ schedule: true, settings: { layout: 'speaker_view' } });

  expect(answer.body.autoStart.settings).toEqual({ layout: 'speaker_view' });
  expect((system.scheduler as TimerStartScheduler).pending().size).toBe(1);
});
