import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { patchStatus } from './http';

const NOT_STARTED = { code: 3000, message: 'Cannot access meeting info. The meeting has not started.' };
const NOT_IN_PROGRESS = { code: 3000, message: 'The meeting is not in progress.' };
const SETTINGS_WHILE_LIVE = { code: 4400, message: 'Live stream settings can only be updated for a live stream that has been stopped.' };

describe('Zoom simulator: live stream status refusals that depend on the meeting', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    clock = 1_700_000_000_000;
    sim = await startZoomSimulator({ now: () => clock });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = 1_700_000_000_000;
    sim.reset();
  });

  it('refuses a start before the meeting runs with 400 code 3000, the code of "no custom stream"', async () => {
    sim.addMeeting('200000001', { status: 'waiting' });
    sim.addMeeting('200000002', { streamConfigured: false });

    const waiting = await patchStatus(sim, '200000001', { action: 'start' }, token);
    const unconfigured = await patchStatus(sim, '200000002', { action: 'start' }, token);

    expect(waiting.status).toBe(400);
    expect(waiting.data).toEqual(NOT_STARTED);
    expect(unconfigured.status).toBe(400);
    expect(unconfigured.data.code).toBe(waiting.data.code);
    expect(unconfigured.data.message).toMatch(/not configured with a custom live streaming service/);
    expect(sim.meetingState('200000001')).toMatchObject({ status: 'stopped', live: false, starts: 0 });
  });

  it('refuses a start after the meeting ended, and accepts one once it runs', async () => {
    sim.addMeeting('200000003', { status: 'ended' });

    const ended = await patchStatus(sim, '200000003', { action: 'start' }, token);
    sim.startMeeting('200000003');
    const running = await patchStatus(sim, '200000003', { action: 'start' }, token);

    expect(ended.data).toEqual(NOT_STARTED);
    expect(running.status).toBe(204);
    expect(sim.meetingState('200000003')).toMatchObject({ status: 'started', live: true, meetingStatus: 'started' });
  });

  it('accepts a start once a scripted meeting reaches startsAt', async () => {
    sim.addMeeting('200000004', { startsAt: clock + 15_000 });

    const early = await patchStatus(sim, '200000004', { action: 'start' }, token);
    clock += 15_000;
    const onTime = await patchStatus(sim, '200000004', { action: 'start' }, token);

    expect([early.status, onTime.status]).toEqual([400, 204]);
  });

  it('refuses a stop for a meeting that is not running with 400 code 3000 "not in progress"', async () => {
    sim.addMeeting('200000005', { status: 'waiting' });

    const response = await patchStatus(sim, '200000005', { action: 'stop' }, token);

    expect(response.status).toBe(400);
    expect(response.data).toEqual(NOT_IN_PROGRESS);
    expect(sim.meetingState('200000005')?.stops).toBe(0);
  });

  it('stops a live stream when the meeting ends, then refuses a stop', async () => {
    sim.addMeeting('200000006');
    await patchStatus(sim, '200000006', { action: 'start' }, token);

    sim.endMeeting('200000006');
    const stop = await patchStatus(sim, '200000006', { action: 'stop' }, token);

    expect(sim.meetingState('200000006')).toMatchObject({ status: 'stopped', live: false, meetingStatus: 'ended' });
    expect(stop.data).toEqual(NOT_IN_PROGRESS);
  });

  it('answers 404 code 3001 for a deleted meeting', async () => {
    sim.addMeeting('200000007');
    sim.deleteMeeting('200000007');

    const response = await patchStatus(sim, '200000007', { action: 'start' }, token);

    expect(response.status).toBe(404);
    expect(response.data).toEqual({ code: 3001, message: 'Meeting does not exist: 200000007.' });
  });

  it('refuses new settings for a live stream after the 30 s window with 400 code 4400', async () => {
    sim.addMeeting('200000008');
    await patchStatus(sim, '200000008', { action: 'start', settings: { layout: 'gallery_view' } }, token);
    clock += 30_000;

    const withSettings = await patchStatus(sim, '200000008', { action: 'start', settings: { layout: 'speaker_view' } }, token);
    const withoutSettings = await patchStatus(sim, '200000008', { action: 'start' }, token);

    expect(withSettings.status).toBe(400);
    expect(withSettings.data).toEqual(SETTINGS_WHILE_LIVE);
    expect(withoutSettings.status).toBe(204);
    expect(sim.meetingState('200000008')?.starts).toBe(2);
  });

  it('answers the 30 s window before 4400, and accepts new settings once the stream is stopped', async () => {
    sim.addMeeting('200000009');
    await patchStatus(sim, '200000009', { action: 'start' }, token);
    clock += 1_000;

    const inWindow = await patchStatus(sim, '200000009', { action: 'start', settings: { layout: 'speaker_view' } }, token);
    await patchStatus(sim, '200000009', { action: 'stop' }, token);
    clock += 30_000;
    const afterStop = await patchStatus(sim, '200000009', { action: 'start', settings: { layout: 'speaker_view' } }, token);

    expect([inWindow.status, afterStop.status]).toEqual([429, 204]);
    expect(sim.meetingState('200000009')?.settings).toEqual({ layout: 'speaker_view' });
  });

  it('keeps HTTP 300 for a malformed id by default, and answers code 300 inside a 400 when asked', async () => {
    const inside400 = await startZoomSimulator({ invalidIdStatus: 400 });
    try {
      const byDefault = await patchStatus(sim, '1234', { action: 'start' }, token);
      const asked = await patchStatus(inside400, '1234', { action: 'start' }, inside400.issueStaticToken());

      expect(byDefault.status).toBe(300);
      expect(asked.status).toBe(400);
      expect(asked.data).toEqual({ code: 300, message: 'Invalid meeting id.' });
    } finally {
      await inside400.close();
    }
  });

  it('reports meeting and stream state apart in meetingState', async () => {
    sim.addMeeting('200000010', { status: 'waiting', stream: { stream_url: 'rtmp://x/app', stream_key: 'k', page_url: 'https://x/p' } });

    expect(sim.meetingState('200000010')).toEqual({
      status: 'stopped',
      streamConfigured: true,
      meetingStatus: 'waiting',
      live: false,
      stream: { stream_url: 'rtmp://x/app', stream_key: 'k', page_url: 'https://x/p' },
      configUpdates: 0,
      webinar: false,
      starts: 0,
      stops: 0,
      modes: 0,
    });
  });

  it('setMeetingStatus changes the status without more ado, stopping a live stream', async () => {
    sim.addMeeting('200000011');
    await patchStatus(sim, '200000011', { action: 'start' }, token);

    sim.setMeetingStatus('200000011', 'waiting');

    expect(sim.meetingState('200000011')).toMatchObject({ meetingStatus: 'waiting', live: false, status: 'stopped' });
    sim.setMeetingStatus('200000011', 'started');
    expect((await patchStatus(sim, '200000011', { action: 'stop' }, token)).status).toBe(204);
  });
});
