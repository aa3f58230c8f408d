import type { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * `{"schedule": true}` for a meeting Zoom has no time for is refused with 400 INVALID_REQUEST saying
 * why; nothing is stored and nothing is armed.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const MEETING = '84000000001';
const path = `/meetings/${MEETING}/livestream`;
const target = { kind: 'meeting', id: MEETING } as const;

let system: MeetingTimesSystem;

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock: new ManualClock(T0) });
});
afterEach(() => system.close());

const register = (body: unknown = { schedule: true }) => system.api('PUT', `${path}/auto-start`, body);
const pendingTimers = () => [...(system.scheduler as TimerStartScheduler).pending().values()];

describe('an instant meeting (type 1)', () => {
  beforeEach(() => system.zoom.addMeeting(MEETING, { type: 1 }));

  it('is refused with 400 INVALID_REQUEST saying it is an instant meeting', async () => {
    const answer = await register();

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(new RegExp(`^schedule: meeting ${MEETING} is an instant meeting`)) });
  });

  it('arms nothing', async () => {
    await register();

    expect(pendingTimers()).toEqual([]);
  });

  it('leaves no registration behind', async () => {
    await register();

    expect((await system.api('GET', path)).body).toMatchObject({ autoStart: null, nextStart: null });
  });

  it('stores nothing', async () => {
    await register();

    expect(await system.store.get(target)).toBeUndefined();
  });
});

describe('a recurring meeting with no fixed time (type 3)', () => {
  beforeEach(() => system.zoom.addMeeting(MEETING, { type: 3 }));

  it('is refused with 400 INVALID_REQUEST saying it has no fixed time', async () => {
    const answer = await register();

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(new RegExp(`^schedule: meeting ${MEETING} is a recurring meeting with no fixed time`)),
    });
  });

  it('arms nothing', async () => {
    await register();

    expect(pendingTimers()).toEqual([]);
  });

  it('is accepted without schedule, as a registration for its webhook starts', async () => {
    const answer = await register({});

    expect(answer).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: { settings: {} } } });
  });
});

describe('a meeting Zoom does not have', () => {
  it('is 404 MEETING_NOT_FOUND', async () => {
    const answer = await register();

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('MEETING_NOT_FOUND');
  });

  it('leaves no registration behind', async () => {
    await register();

    expect((await system.store.get(target))?.autoStart).toBeUndefined();
  });
});

describe('a body that is not a registration', () => {
  beforeEach(() => system.zoom.addMeeting(MEETING, { type: 2, startTime: '2026-03-02T11:00:00Z' }));

  it('names schedule when it is not true or false, without calling Zoom', async () => {
    const answer = await register({ schedule: 'yes' });

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('schedule: must be true or false');
    expect(system.zoomCalls()).toEqual([]);
  });

  it('names an unknown key, without calling Zoom', async () => {
    const answer = await register({ schedule: true, startAt: '2026-03-02T11:00:00Z' });

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('startAt: unknown key');
    expect(system.zoomCalls()).toEqual([]);
  });
});
