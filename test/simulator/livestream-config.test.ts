import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getStreamConfig, http, patchStatus, patchStreamConfig } from './http';

const TARGET = { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: 'abcd-efgh', page_url: 'https://youtube.com/live/x', resolution: '1080p' };

describe('Zoom simulator: GET and PATCH /v2/meetings/{meetingId}/livestream', () => {
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
    sim.reset();
    sim.addMeeting('300000001', { streamConfigured: false });
  });

  it('answers empty strings and no resolution when nothing is configured', async () => {
    const response = await getStreamConfig(sim, '300000001', token);

    expect(response.status).toBe(200);
    expect(response.data).toEqual({ stream_url: '', stream_key: '', page_url: '' });
  });

  it('configures the stream with 204, then reads it back and lets a start through', async () => {
    const patched = await patchStreamConfig(sim, '300000001', TARGET, token);
    const read = await getStreamConfig(sim, '300000001', token);
    const start = await patchStatus(sim, '300000001', { action: 'start' }, token);

    expect(patched.status).toBe(204);
    expect(patched.data).toBe('');
    expect(read.data).toEqual(TARGET);
    expect(start.status).toBe(204);
    expect(sim.meetingState('300000001')).toMatchObject({ streamConfigured: true, stream: TARGET, configUpdates: 1 });
  });

  it('reads the default fake target of a meeting added with a configured stream', async () => {
    sim.addMeeting('300000002');

    const { data } = await getStreamConfig(sim, '300000002', token);

    expect(data).toEqual({
      stream_url: expect.stringMatching(/^rtmp:\/\//),
      stream_key: expect.stringContaining('300000002'),
      page_url: expect.stringMatching(/^https:\/\//),
      resolution: '720p',
    });
  });

  it.each([
    ['no stream_url', { ...TARGET, stream_url: undefined }, 'stream_url'],
    ['a stream_url over 1024 characters', { ...TARGET, stream_url: `rtmp://${'x'.repeat(1024)}` }, 'stream_url'],
    ['no stream_key', { ...TARGET, stream_key: undefined }, 'stream_key'],
    ['an empty stream_key', { ...TARGET, stream_key: '' }, 'stream_key'],
    ['a stream_key over 512 characters', { ...TARGET, stream_key: 'k'.repeat(513) }, 'stream_key'],
    ['no page_url', { ...TARGET, page_url: undefined }, 'page_url'],
    ['a page_url that is not an http(s) URL', { ...TARGET, page_url: 'ftp://x/y' }, 'page_url'],
    ['a page_url over 1024 characters', { ...TARGET, page_url: `https://x/${'p'.repeat(1020)}` }, 'page_url'],
    ['an unknown resolution', { ...TARGET, resolution: '4k' }, 'resolution'],
    ['a number for stream_url', { ...TARGET, stream_url: 5 }, 'stream_url'],
  ])('answers 400 code 300 "Validation Failed." naming the field for %s', async (_, body, field) => {
    const response = await patchStreamConfig(sim, '300000001', body, token);

    expect(response.status).toBe(400);
    expect(response.data).toMatchObject({ code: 300, message: 'Validation Failed.' });
    expect(response.data.errors).toContainEqual({ field, message: expect.any(String) });
    expect(sim.meetingState('300000001')).toMatchObject({ streamConfigured: false, configUpdates: 0 });
  });

  it('accepts a 1024-character stream_url and a 512-character key, resolution left out', async () => {
    const body = { stream_url: `rtmp://${'x'.repeat(1017)}`, stream_key: 'k'.repeat(512), page_url: 'http://example.com/' };

    const response = await patchStreamConfig(sim, '300000001', body, token);

    expect(response.status).toBe(204);
    expect((await getStreamConfig(sim, '300000001', token)).data).toEqual(body);
  });

  it('answers 400 code 300 for a body that is not a JSON object', async () => {
    const response = await http.patch(`${sim.apiBaseUrl}/meetings/300000001/livestream`, '[1]', {
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      transformRequest: [(data: unknown) => data],
    });

    expect(response.status).toBe(400);
    expect(response.data).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
  });

  it('refuses a change while the stream is live with 400 code 4400, and takes it once stopped', async () => {
    sim.addMeeting('300000003');
    await patchStatus(sim, '300000003', { action: 'start' }, token);

    const live = await patchStreamConfig(sim, '300000003', TARGET, token);
    await patchStatus(sim, '300000003', { action: 'stop' }, token);
    const stopped = await patchStreamConfig(sim, '300000003', TARGET, token);

    expect(live.status).toBe(400);
    expect(live.data).toEqual({ code: 4400, message: 'Live stream settings can only be updated for a live stream that has been stopped.' });
    expect(stopped.status).toBe(204);
    expect(sim.meetingState('300000003')?.configUpdates).toBe(1);
  });

  it('answers 404 code 3001 for unknown meetings and 300 for malformed ids, on both methods', async () => {
    const answers = [
      await getStreamConfig(sim, '99999999999', token),
      await patchStreamConfig(sim, '99999999999', TARGET, token),
      await getStreamConfig(sim, '12', token),
      await patchStreamConfig(sim, '12', TARGET, token),
    ];

    expect(answers.map((r) => [r.status, r.data.code])).toEqual([
      [404, 3001],
      [404, 3001],
      [300, 300],
      [300, 300],
    ]);
  });

  it('asks for a valid token', async () => {
    const response = await getStreamConfig(sim, '300000001', 'nope');

    expect(response.status).toBe(401);
    expect(response.data.code).toBe(124);
  });

  it('takes livestreamConfig faults on this route only', async () => {
    sim.injectFaults({ type: 'status', status: 502, target: 'livestreamConfig' });

    const status = await patchStatus(sim, '300000001', { action: 'stop' }, token);
    const config = await getStreamConfig(sim, '300000001', token);

    expect([status.status, config.status]).toEqual([400, 502]);
  });

  it('keeps the configured target across reset() but zeroes configUpdates', async () => {
    await patchStreamConfig(sim, '300000001', TARGET, token);

    sim.reset();

    expect(sim.meetingState('300000001')).toMatchObject({ stream: TARGET, configUpdates: 0 });
  });
});
