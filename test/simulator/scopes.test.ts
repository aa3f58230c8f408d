import { SIMULATOR_SCOPES, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getMeeting, getStreamConfig, patchStatus, patchStreamConfig, patchWebinarStatus, requestToken } from './http';

const MEETING = '85746065432';
const WEBINAR = '91234567890';
const TARGET = { stream_url: 'rtmp://a/b', stream_key: 'k', page_url: 'https://a/b' };

describe('Zoom simulator: scopes', () => {
  let sim: ZoomSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startZoomSimulator({ meetings: [MEETING] });
    sim.addWebinar(WEBINAR);
    token = sim.issueStaticToken();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.setScopes(undefined);
  });

  it('grants every scope by default and lists them in the token answer', async () => {
    const response = await requestToken(sim);

    expect(response.data.scope.split(' ').sort()).toEqual([...SIMULATOR_SCOPES].sort());
    expect(SIMULATOR_SCOPES).toEqual(expect.arrayContaining(['meeting:write:admin', 'meeting:read:admin', 'webinar:write:admin', 'webinar:read:admin']));
  });

  it('lists only the granted scopes in the token answer', async () => {
    sim.setScopes(['meeting:read:admin', 'meeting:update:livestream_status:admin']);

    const response = await requestToken(sim);

    expect(response.data.scope).toBe('meeting:read:admin meeting:update:livestream_status:admin');
  });

  it('answers 401 code 4700 naming the scopes when a live stream start lacks them', async () => {
    sim.setScopes(['meeting:read:admin']);

    const response = await patchStatus(sim, MEETING, { action: 'start' }, token);

    expect(response.status).toBe(401);
    expect(response.data).toEqual({
      code: 4700,
      message: 'Invalid access token, does not contain scopes:[meeting:update:livestream_status:admin, meeting:write:admin].',
    });
    expect(sim.meetingState(MEETING)?.live).toBe(false);
  });

  it.each([
    ['the classic write scope', ['meeting:write:admin']],
    ['the granular live stream status scope', ['meeting:update:livestream_status:admin']],
  ])('accepts a start with %s', async (_, scopes) => {
    sim.setScopes(scopes);

    expect((await patchStatus(sim, MEETING, { action: 'start' }, token)).status).toBe(204);
  });

  it('asks meeting reads for meeting:read:admin, config writes for their own scopes', async () => {
    sim.setScopes(['meeting:update:livestream_status:admin']);

    const read = await getMeeting(sim, MEETING, token);
    const readConfig = await getStreamConfig(sim, MEETING, token);
    const writeConfig = await patchStreamConfig(sim, MEETING, TARGET, token);
    sim.setScopes(['meeting:read:admin', 'meeting:update:livestream:admin']);
    const allowed = [await getMeeting(sim, MEETING, token), await getStreamConfig(sim, MEETING, token), await patchStreamConfig(sim, MEETING, TARGET, token)];

    expect([read.status, readConfig.status, writeConfig.status]).toEqual([401, 401, 401]);
    expect(read.data.message).toContain('scopes:[meeting:read:admin]');
    expect(writeConfig.data.message).toContain('scopes:[meeting:update:livestream:admin, meeting:write:admin]');
    expect(allowed.map((r) => r.status)).toEqual([200, 200, 204]);
  });

  it('asks webinars for webinar scopes: meeting scopes do not do', async () => {
    sim.setScopes(['meeting:write:admin', 'meeting:read:admin']);

    const write = await patchWebinarStatus(sim, WEBINAR, { action: 'start' }, token);
    const read = await getMeeting(sim, WEBINAR, token, 'webinars');
    sim.setScopes(['webinar:write:admin', 'webinar:read:admin']);
    const allowed = [await patchWebinarStatus(sim, WEBINAR, { action: 'stop' }, token), await getMeeting(sim, WEBINAR, token, 'webinars')];

    expect(write.data.message).toContain('scopes:[webinar:update:livestream_status:admin, webinar:write:admin]');
    expect(read.data.message).toContain('scopes:[webinar:read:admin]');
    expect(allowed.map((r) => r.status)).toEqual([204, 200]);
  });

  it('answers code 4711 inside an HTTP 400 when configured so', async () => {
    const strict = await startZoomSimulator({ meetings: [MEETING], scopes: [], missingScopeCode: 4711 });
    try {
      const response = await patchStatus(strict, MEETING, { action: 'start' }, strict.issueStaticToken());

      expect(response.status).toBe(400);
      expect(response.data.code).toBe(4711);
      expect(response.data.message).toMatch(/^Invalid access token, does not contain scopes:\[/);
    } finally {
      await strict.close();
    }
  });

  it('checks the token before the scopes', async () => {
    sim.setScopes([]);

    const response = await patchStatus(sim, MEETING, { action: 'start' }, 'nope');

    expect(response.data.code).toBe(124);
  });
});
