import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getMeeting, getStreamConfig, patchStatus, patchStreamConfig, patchWebinarStatus } from './http';

const WEBINAR = '91234567890';
const MEETING = '85746065432';
const TARGET = { stream_url: 'rtmp://a/b', stream_key: 'k', page_url: 'https://a/b' };

describe('Zoom simulator: webinars', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    clock = 1_700_000_000_000;
    sim = await startZoomSimulator({ now: () => clock, meetings: [MEETING] });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = 1_700_000_000_000;
    sim.reset();
    sim.addWebinar(WEBINAR);
  });

  it('starts and stops a webinar live stream under /v2/webinars', async () => {
    const start = await patchWebinarStatus(sim, WEBINAR, { action: 'start', settings: { display_name: 'Town hall', active_speaker_name: true } }, token);
    const stop = await patchWebinarStatus(sim, WEBINAR, { action: 'stop' }, token);

    expect([start.status, stop.status]).toEqual([204, 204]);
    expect(sim.meetingState(WEBINAR)).toMatchObject({ webinar: true, starts: 1, stops: 1, settings: { display_name: 'Town hall', active_speaker_name: true } });
    expect(sim.apiRequests[0]).toMatchObject({ path: `/v2/webinars/${WEBINAR}/livestream/status`, meetingId: WEBINAR });
  });

  it('answers GET /webinars/{id} like a meeting but without status, type 5 by default', async () => {
    const { status, data } = await getMeeting(sim, WEBINAR, token, 'webinars');

    expect(status).toBe(200);
    expect(data).toMatchObject({ id: 91234567890, type: 5, topic: `Simulated meeting ${WEBINAR}`, duration: 60, timezone: 'UTC', settings: {} });
    expect(data).toHaveProperty('start_time');
    expect(data).not.toHaveProperty('status');
  });

  it('knows webinar types 6 (no start_time) and 9 (occurrences), and refuses meeting types', async () => {
    sim.addWebinar('400000006', { type: 6 });
    sim.addWebinar('400000009', { type: 9, startTime: '2024-05-06T08:00:00Z' });

    const six = await getMeeting(sim, '400000006', token, 'webinars');
    const nine = await getMeeting(sim, '400000009', token, 'webinars');

    expect(six.data).not.toHaveProperty('start_time');
    expect(nine.data.occurrences).toHaveLength(4);
    expect(() => sim.addWebinar('400000002', { type: 2 })).toThrow(/type 2/);
    expect(() => sim.addMeeting('400000005', { type: 5 })).toThrow(/type 5/);
  });

  it('keeps webinars and meetings apart: each is unknown under the other path', async () => {
    const webinarAsMeeting = await patchStatus(sim, WEBINAR, { action: 'start' }, token);
    const meetingAsWebinar = await patchWebinarStatus(sim, MEETING, { action: 'start' }, token);
    const getWebinarAsMeeting = await getMeeting(sim, WEBINAR, token);
    const getMeetingAsWebinar = await getMeeting(sim, MEETING, token, 'webinars');

    expect([webinarAsMeeting.status, webinarAsMeeting.data.code]).toEqual([404, 3001]);
    expect(meetingAsWebinar.status).toBe(400);
    expect(meetingAsWebinar.data).toEqual({ code: 3001, message: `Webinar does not exist: ${MEETING}.` });
    expect([getWebinarAsMeeting.status, getMeetingAsWebinar.status]).toEqual([404, 400]);
  });

  it('answers every refusal as HTTP 400 with its code', async () => {
    sim.addWebinar('400000010', { status: 'waiting' });
    sim.addWebinar('400000011', { streamConfigured: false });
    sim.addWebinar('400000012');
    sim.deleteMeeting('400000012');

    const invalid = await patchWebinarStatus(sim, '1234', { action: 'start' }, token);
    const unknown = await patchWebinarStatus(sim, '99999999999', { action: 'start' }, token);
    const deleted = await patchWebinarStatus(sim, '400000012', { action: 'start' }, token);
    const notStarted = await patchWebinarStatus(sim, '400000010', { action: 'start' }, token);
    const noStream = await patchWebinarStatus(sim, '400000011', { action: 'start' }, token);
    const badAction = await patchWebinarStatus(sim, WEBINAR, { action: 'pause' }, token);

    expect([invalid, unknown, deleted, notStarted, noStream, badAction].map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(invalid.data).toEqual({ code: 300, message: 'Invalid webinar id.' });
    expect(unknown.data).toEqual({ code: 3001, message: 'Webinar does not exist: 99999999999.' });
    expect(deleted.data.code).toBe(3001);
    expect(notStarted.data).toEqual({ code: 200, message: 'Webinar 400000010 has not started.' });
    expect(noStream.data.code).toBe(3000);
    expect(badAction.data).toMatchObject({ code: 300, message: 'Validation Failed.', errors: [{ field: 'action' }] });
  });

  it('answers a malformed webinar id with 400 even when meetings keep HTTP 300', async () => {
    const response = await getMeeting(sim, 'abc', token, 'webinars');

    expect(response.status).toBe(400);
    expect(response.data).toEqual({ code: 300, message: 'Invalid webinar id.' });
  });

  it.each([
    ['layout', { layout: 'gallery_view' }],
    ['close_caption', { close_caption: 'off' }],
    ['an unknown key', { foo: 1 }],
  ])('accepts only active_speaker_name and display_name: refuses %s', async (_, settings) => {
    const field = `settings.${Object.keys(settings)[0] ?? ''}`;

    const response = await patchWebinarStatus(sim, WEBINAR, { action: 'start', settings }, token);

    expect(response.status).toBe(400);
    expect(response.data).toMatchObject({ code: 300, message: 'Validation Failed.' });
    expect(response.data.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('applies the 30-second repeated-start rule with 429', async () => {
    await patchWebinarStatus(sim, WEBINAR, { action: 'start' }, token);
    clock += 10_000;

    const again = await patchWebinarStatus(sim, WEBINAR, { action: 'start' }, token);

    expect(again.status).toBe(429);
    expect(again.data.message).toContain(`this webinar: ${WEBINAR}`);
  });

  it('configures and reads a webinar stream target under /webinars', async () => {
    sim.addWebinar('400000013', { streamConfigured: false });

    const patched = await patchStreamConfig(sim, '400000013', TARGET, token, 'webinars');
    const read = await getStreamConfig(sim, '400000013', token, 'webinars');
    const invalid = await patchStreamConfig(sim, '400000013', { ...TARGET, page_url: 'nope' }, token, 'webinars');
    const unknown = await getStreamConfig(sim, '99999999999', token, 'webinars');

    expect(patched.status).toBe(204);
    expect(read.data).toEqual(TARGET);
    expect([invalid.status, invalid.data.code]).toEqual([400, 300]);
    expect([unknown.status, unknown.data.code]).toEqual([400, 3001]);
  });
});
