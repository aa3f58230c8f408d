import type { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * A registered meeting changes in Zoom: `meeting.updated` (signed, through the webhook route, handed
 * to the start queue, applied by the worker after reading the meeting again) moves its armed start;
 * `meeting.deleted` and `DELETE …/auto-start` remove the registration and its armed start.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const MEETING = '83000000001';
const MINUTE = 60_000;
const STARTS = Date.UTC(2026, 2, 2, 11, 0);
const MOVED = Date.UTC(2026, 2, 2, 14, 30);
const iso = (ms: number) => new Date(ms).toISOString();
const path = `/meetings/${MEETING}/livestream`;

let clock: ManualClock;
let system: MeetingTimesSystem;

beforeEach(async () => {
  clock = new ManualClock(T0);
  system = await startMeetingTimesSystem({ clock });
});
afterEach(() => system.close());

const register = (body: unknown = { schedule: true }) => system.api('PUT', `${path}/auto-start`, body);
const view = async () => (await system.api('GET', path)).body;
const pendingTimers = () => [...(system.scheduler as TimerStartScheduler).pending().values()];
const starts = () => system.zoom.meetingState(MEETING)?.starts;

function addOneTimeMeeting(): void {
  system.zoom.addMeeting(MEETING, { type: 2, startTime: iso(STARTS), duration: 60, timezone: 'Europe/Paris' });
}

function addWeeklyMeeting(): { first: number; second: number } {
  const first = STARTS;
  const second = STARTS + 7 * 24 * 3600_000;
  system.zoom.addMeeting(MEETING, {
    type: 8,
    startTime: iso(first),
    duration: 60,
    timezone: 'Europe/Paris',
    occurrences: [{ start_time: iso(first) }, { start_time: iso(second) }],
  });
  return { first, second };
}

async function moveTo(ms: number): Promise<void> {
  system.zoom.updateMeeting(MEETING, { start_time: iso(ms) });
  await system.settle();
}

describe('meeting.updated', () => {
  it('moves the next start to the new time', async () => {
    addOneTimeMeeting();
    await register();

    await moveTo(MOVED);

    expect((await view()).nextStart).toBe(iso(MOVED));
  });

  it('leaves one timer, at the new time', async () => {
    addOneTimeMeeting();
    await register();

    await moveTo(MOVED);

    expect(pendingTimers()).toEqual([MOVED]);
  });

  it("is answered by the webhook as handed off to the start queue, not applied in Zoom's wait", async () => {
    addOneTimeMeeting();
    await register();

    await moveTo(MOVED);

    expect(system.zoom.deliveries.map((d) => [d.event, d.status, JSON.parse(d.responseBody ?? '{}').result])).toEqual([
      ['meeting.updated', 200, 'meeting updated; handed off'],
    ]);
  });

  it('reads the meeting from Zoom once', async () => {
    addOneTimeMeeting();
    await register();
    system.zoom.clearRequests();

    await moveTo(MOVED);

    expect(system.zoomCalls()).toEqual([`GET /v2/meetings/${MEETING}`]);
  });

  it('starts nothing at the old time', async () => {
    addOneTimeMeeting();
    await register();
    await moveTo(MOVED);

    await clock.advanceTo(STARTS);
    await system.settle();

    expect(starts()).toBe(0);
  });

  it('starts the stream at the new time', async () => {
    addOneTimeMeeting();
    await register();
    await moveTo(MOVED);

    await clock.advanceTo(MOVED);
    await system.settle();

    expect(system.zoom.meetingState(MEETING)).toMatchObject({ starts: 1, lastStartAt: MOVED });
  });

  it('moves the next occurrence of a recurring meeting', async () => {
    const { second } = addWeeklyMeeting();
    await register();
    const earlier = STARTS - 30 * MINUTE;

    system.zoom.updateMeeting(MEETING, { occurrences: [{ start_time: iso(earlier) }, { start_time: iso(second) }] });
    await system.settle();

    expect((await view()).nextStart).toBe(iso(earlier));
  });

  it('neither reads nor arms anything for a meeting registered without schedule', async () => {
    addOneTimeMeeting();
    await register({});
    system.zoom.clearRequests();

    await moveTo(MOVED);

    expect(system.zoomCalls()).toEqual([]);
    expect(pendingTimers()).toEqual([]);
  });

  it('removes the armed start when the meeting became one without a fixed time', async () => {
    addOneTimeMeeting();
    await register();

    system.zoom.updateMeeting(MEETING, { type: 3 });
    await system.settle();

    expect((await view()).nextStart).toBeNull();
    expect(pendingTimers()).toEqual([]);
  });

  it('keeps the next occurrence armed when it arrives during an occurrence whose start already ran', async () => {
    const { first, second } = addWeeklyMeeting();
    await register();
    await clock.advanceTo(first);
    await system.settle();
    await clock.advanceTo(first + 40 * MINUTE);

    system.zoom.updateMeeting(MEETING, { topic: 'Weekly sync (new agenda)' });
    await system.settle();

    expect((await view()).nextStart).toBe(iso(second));
  });

  it('does not start again a one-time meeting whose start already ran', async () => {
    addOneTimeMeeting();
    await register();
    await clock.advanceTo(STARTS);
    await system.settle();
    await clock.advanceTo(STARTS + 40 * MINUTE);
    system.zoom.updateMeeting(MEETING, { topic: 'Town hall (renamed)' });
    await system.settle();

    await clock.advance(MINUTE);
    await system.settle();

    expect(starts()).toBe(1);
  });
});

describe('meeting.deleted', () => {
  it('removes the registration and the next start', async () => {
    addOneTimeMeeting();
    await register();

    system.zoom.deleteMeeting(MEETING);
    await system.settle();

    const record = await system.store.get({ kind: 'meeting', id: MEETING });
    expect(record?.autoStart).toBeUndefined();
    expect(record?.nextStart).toBeUndefined();
  });

  it('removes the timer', async () => {
    addOneTimeMeeting();
    await register();

    system.zoom.deleteMeeting(MEETING);
    await system.settle();

    expect(pendingTimers()).toEqual([]);
  });

  it('leaves nothing to call Zoom at the old time', async () => {
    addOneTimeMeeting();
    await register();
    system.zoom.deleteMeeting(MEETING);
    await system.settle();
    system.zoom.clearRequests();

    await clock.advanceTo(STARTS);
    await system.settle();

    expect(system.zoomCalls()).toEqual([]);
  });
});

describe('DELETE …/auto-start', () => {
  it('answers that the meeting has no registration', async () => {
    addOneTimeMeeting();
    await register();

    const answer = await system.api('DELETE', `${path}/auto-start`);

    expect(answer).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: null } });
  });

  it('removes the registration and the next start from GET …/livestream', async () => {
    addOneTimeMeeting();
    await register();

    await system.api('DELETE', `${path}/auto-start`);

    expect(await view()).toMatchObject({ autoStart: null, nextStart: null });
  });

  it('removes the timer', async () => {
    addOneTimeMeeting();
    await register();

    await system.api('DELETE', `${path}/auto-start`);

    expect(pendingTimers()).toEqual([]);
  });

  it('is fine for a meeting that was never registered', async () => {
    addOneTimeMeeting();

    const answer = await system.api('DELETE', `${path}/auto-start`);

    expect(answer).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: null } });
  });
});

describe('registering again without schedule', () => {
  it('removes the timer and the next start', async () => {
    addOneTimeMeeting();
    await register();

    const answer = await register({ settings: { layout: 'gallery_view' } });

    expect(answer.body).toEqual({ meetingId: MEETING, autoStart: { settings: { layout: 'gallery_view' } } });
    expect(pendingTimers()).toEqual([]);
  });
});
