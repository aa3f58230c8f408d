import type { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/** Auto-start of webinars: registrations, times from `GET /webinars/{id}`, and `webinar.*` events. */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const WEBINAR = '93000000001';
const STARTS = Date.UTC(2026, 2, 2, 15, 0);
const NEXT_WEEK = STARTS + 7 * 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const base = `/webinars/${WEBINAR}/livestream`;

let clock: ManualClock;
let system: MeetingTimesSystem;

beforeEach(async () => {
  clock = new ManualClock(T0);
  system = await startMeetingTimesSystem({ clock });
});
afterEach(() => system.close());

const register = (body: unknown = { schedule: true }) => system.api('PUT', `${base}/auto-start`, body);
const pendingTimers = () => [...(system.scheduler as TimerStartScheduler).pending().values()];
const addScheduledWebinar = () => system.zoom.addWebinar(WEBINAR, { type: 5, startTime: iso(STARTS), duration: 90, timezone: 'Asia/Singapore' });
const addWeeklyWebinar = () =>
  system.zoom.addWebinar(WEBINAR, { type: 9, startTime: iso(STARTS), duration: 90, timezone: 'Asia/Singapore', occurrences: [{ start_time: iso(STARTS) }, { start_time: iso(NEXT_WEEK) }] });

it('answers with the webinar id, the registration and the next start', async () => {
  addScheduledWebinar();

  const answer = await register({ schedule: true, settings: { display_name: 'Launch' } });

  expect(answer).toEqual({ status: 200, body: { webinarId: WEBINAR, autoStart: { settings: { display_name: 'Launch' }, schedule: true }, nextStart: iso(STARTS) } });
});

it("reads the time from Zoom's webinar endpoint", async () => {
  addScheduledWebinar();

  await register();

  expect(system.zoomCalls()).toEqual([`GET /v2/webinars/${WEBINAR}`]);
});

it("starts the webinar's stream at its time, with its settings", async () => {
  addScheduledWebinar();
  await register({ schedule: true, settings: { active_speaker_name: false } });

  await clock.advanceTo(STARTS);
  await system.settle();

  expect(system.zoom.meetingState(WEBINAR)).toMatchObject({ starts: 1, lastStartAt: STARTS, settings: { active_speaker_name: false } });
});

it('arms the next occurrence of a recurring webinar (type 9) after a start', async () => {
  addWeeklyWebinar();
  await register();

  await clock.advanceTo(STARTS);
  await system.settle();

  expect((await system.api('GET', base)).body.nextStart).toBe(iso(NEXT_WEEK));
});

it('refuses a recurring webinar with no fixed time (type 6), saying so', async () => {
  system.zoom.addWebinar(WEBINAR, { type: 6 });

  const answer = await register();

  expect(answer.status).toBe(400);
  expect(answer.body.error.message).toMatch(new RegExp(`^schedule: webinar ${WEBINAR} is a recurring webinar with no fixed time`));
});

it('moves the start on webinar.updated', async () => {
  addScheduledWebinar();
  await register();

  system.zoom.updateMeeting(WEBINAR, { start_time: iso(STARTS + 60 * 60_000) });
  await system.settle();

  expect(pendingTimers()).toEqual([STARTS + 60 * 60_000]);
});

it('removes the registration and its start on webinar.deleted', async () => {
  addScheduledWebinar();
  await register();

  system.zoom.deleteMeeting(WEBINAR);
  await system.settle();

  expect(pendingTimers()).toEqual([]);
  expect((await system.store.get({ kind: 'webinar', id: WEBINAR }))?.autoStart).toBeUndefined();
});

it('starts the stream of a registered webinar on webinar.started', async () => {
  system.zoom.addWebinar(WEBINAR, { status: 'waiting' });
  await register({ settings: { display_name: 'Keynote' } });

  system.zoom.startMeeting(WEBINAR);
  await system.settle();

  expect(system.zoomCalls()).toContain(`PATCH /v2/webinars/${WEBINAR}/livestream/status`);
  expect(system.zoom.meetingState(WEBINAR)).toMatchObject({ starts: 1, settings: { display_name: 'Keynote' } });
});
