import { context, freshHandler, loadEvent, parseBody } from '../helpers/backends';
import { startClockedBackends, zoomCallsFor, type ClockedBackends } from '../helpers/clocked-backends';
import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';

/**
 * What an HTTP caller is told when Zoom refuses: each refusal is read against the meeting's status,
 * and each of Zoom's codes maps to one answer. Real HTTP to the simulator, the secret from moto.
 */
let backends: ClockedBackends;
beforeAll(async () => {
  backends = await startClockedBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());
afterEach(() => {
  backends.zoom.setScopes(undefined);
  backends.zoom.setLightRateLimit(undefined);
});

function httpEvent(action: 'start' | 'stop', meetingId: string, body: string | null = null) {
  const event = loadEvent(`${action}-apigateway-rest.json`);
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${meetingId}/livestream/${action}`;
  event.body = body;
  return event;
}

const call = (action: 'start' | 'stop', meetingId: string, body: string | null = null, env: Record<string, string> = backends.env) =>
  freshHandler(action, env, { clock: backends.clock, random: () => 0.5 }).handler(httpEvent(action, meetingId, body), context());

const zoomError = (code: number, message: string) => ({ code, message });

describe('a refused start', () => {
  it('is 409 MEETING_NOT_STARTED when Zoom says the meeting is waiting', async () => {
    const meetingId = backends.addLateMeeting(undefined);

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 409 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_STARTED', zoomCode: 3000 });
    const calls = zoomCallsFor(backends.zoom, meetingId);
    expect(calls.patches.map((r) => r.status)).toEqual([400]);
    expect(calls.statusReads).toHaveLength(1);
  });

  it('is 409 MEETING_NOT_STARTED for a webinar that has not started (Zoom code 200, no status to read)', async () => {
    const webinarId = backends.newMeetingId();
    backends.zoom.addWebinar(webinarId, { status: 'waiting' });
    const event = loadEvent('start-apigateway-rest.json');
    event.resource = '/webinars/{webinarId}/livestream/start';
    event.path = `/webinars/${webinarId}/livestream/start`;
    event.pathParameters = { webinarId };
    event.body = null;

    const response = await freshHandler('start', backends.env, { clock: backends.clock }).handler(event, context());

    expect(response).toMatchObject({ statusCode: 409 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_STARTED', zoomCode: 200 });
  });

  it('is 409 STREAM_NOT_CONFIGURED, saying how to configure it, when the running meeting has no stream', async () => {
    const meetingId = backends.addLateMeeting(0, { streamConfigured: false });

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 409 });
    const { error } = parseBody(response);
    expect(error).toMatchObject({ code: 'STREAM_NOT_CONFIGURED', zoomCode: 3000 });
    expect(error.message).toContain(`PUT /meetings/${meetingId}/livestream`);
  });

  it('is 404 MEETING_NOT_FOUND for a meeting Zoom does not know (404, code 3001)', async () => {
    const meetingId = backends.newMeetingId();

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 404 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 3001 });
  });

  it('is 404 MEETING_NOT_FOUND for code 300 sent as HTTP 300', async () => {
    const meetingId = backends.addLateMeeting(0);
    backends.zoom.injectFaults({ type: 'status', status: 300, body: zoomError(300, 'Invalid meeting id.') });

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 404 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 300 });
  });

  it('is 404 MEETING_NOT_FOUND for code 300 inside an HTTP 400', async () => {
    const meetingId = backends.addLateMeeting(0);
    backends.zoom.injectFaults({ type: 'status', status: 400, body: zoomError(300, 'Invalid meeting id.') });

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 404 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 300 });
  });

  it('is 422 ZOOM_REJECTED for code 300 naming a body field (a validation failure, not a missing meeting)', async () => {
    const meetingId = backends.addLateMeeting(0);
    const body = { ...zoomError(300, 'Validation Failed.'), errors: [{ field: 'settings.layout', message: 'Invalid field.' }] };
    backends.zoom.injectFaults({ type: 'status', status: 400, body });

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 422 });
    expect(parseBody(response).error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 300 });
  });

  it("is 422 ZOOM_REJECTED passing on Zoom's code and message for a 404 with code 1001", async () => {
    const meetingId = backends.addLateMeeting(0);
    backends.zoom.injectFaults({ type: 'status', status: 404, body: zoomError(1001, 'User does not exist: host@example.com.') });

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 422 });
    const { error } = parseBody(response);
    expect(error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 1001 });
    expect(error.message).toContain('User does not exist');
  });

  it('is 422 ZOOM_REJECTED with code 4400 when new settings are sent to a stream that is live', async () => {
    const meetingId = backends.addLateMeeting(0);
    const settings = JSON.stringify({ settings: { display_name: 'All hands' } });
    await call('start', meetingId, settings);
    backends.clock.advance(31_000);

    const response = await call('start', meetingId, JSON.stringify({ settings: { display_name: 'Town hall' } }));

    expect(response).toMatchObject({ statusCode: 422 });
    expect(parseBody(response).error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 4400 });
  });
});

describe('credentials and scopes', () => {
  it('is 500 CONFIGURATION_ERROR when Zoom refuses the token twice (401), after exactly one renewal', async () => {
    const meetingId = backends.addLateMeeting(0);
    const invalidToken = { type: 'status' as const, status: 401, body: zoomError(124, 'Invalid access token.') };
    backends.zoom.injectFaults(invalidToken, invalidToken);

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 500 });
    expect(parseBody(response).error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 124 });
    expect(zoomCallsFor(backends.zoom, meetingId).patches).toHaveLength(2);
    expect(backends.zoom.tokenExchanges).toBe(2);
  });

  it('is 500 CONFIGURATION_ERROR naming the missing scope for code 4700', async () => {
    const meetingId = backends.addLateMeeting(0);
    backends.zoom.setScopes(['meeting:read:admin']);

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 500 });
    const { error } = parseBody(response);
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 4700 });
    expect(error.message).toContain('meeting:update:livestream_status:admin');
  });

  it('is 500 CONFIGURATION_ERROR naming meeting:read:admin when the status read that explains a refusal lacks it', async () => {
    const meetingId = backends.addLateMeeting(undefined);
    backends.zoom.setScopes(['meeting:update:livestream_status:admin']);

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 500 });
    expect(parseBody(response).error.message).toContain('meeting:read:admin');
  });

  describe('with code 4711 (sent as HTTP 400)', () => {
    let zoom4711: ZoomSimulator;
    let env: Record<string, string>;
    beforeAll(async () => {
      zoom4711 = await startZoomSimulator({ missingScopeCode: 4711, scopes: ['meeting:read:admin'], now: () => backends.clock.now() });
      env = { ...backends.env, ZOOM_API_BASE_URL: zoom4711.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom4711.tokenUrl };
    });
    afterAll(() => zoom4711.close());

    it('answers a start 500 CONFIGURATION_ERROR naming the missing scope', async () => {
      const meetingId = backends.newMeetingId();
      zoom4711.addMeeting(meetingId);

      const response = await call('start', meetingId, null, env);

      expect(response).toMatchObject({ statusCode: 500 });
      const { error } = parseBody(response);
      expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 4711 });
      expect(error.message).toContain('meeting:update:livestream_status:admin');
    });

    it('answers a stop of a waiting meeting 500, not "meeting not running": credentials are not a refusal', async () => {
      const meetingId = backends.newMeetingId();
      zoom4711.addMeeting(meetingId, { status: 'waiting' });

      const response = await call('stop', meetingId, null, env);

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 4711 });
    });
  });
});

describe('Zoom busy or down', () => {
  it("is 429 RATE_LIMITED with Retry-After when the account's per-second limit keeps refusing", async () => {
    const meetingId = backends.addLateMeeting(0);
    const { handler } = freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 });
    await handler(httpEvent('start', backends.addLateMeeting(0)), context()); // a token first
    backends.zoom.setLightRateLimit(0);

    const response = await handler(httpEvent('start', meetingId), context());

    expect(response).toMatchObject({ statusCode: 429, headers: { 'retry-after': expect.stringMatching(/^[1-9]\d*$/) } });
    expect(parseBody(response).error.code).toBe('RATE_LIMITED');
    expect(backends.zoom.rateLimitedCount).toBeGreaterThan(0);
  });

  it('is 502 ZOOM_UNAVAILABLE when Zoom keeps answering 5xx', async () => {
    const meetingId = backends.addLateMeeting(0);
    backends.zoom.injectFaults(...Array.from({ length: 10 }, () => ({ type: 'status' as const, status: 503 })));

    const response = await call('start', meetingId);

    expect(response).toMatchObject({ statusCode: 502 });
    expect(parseBody(response).error.code).toBe('ZOOM_UNAVAILABLE');
  });
});

describe('stopping what is not running', () => {
  it('answers 200 "meeting not running" when Zoom refuses the stop of a waiting meeting', async () => {
    const meetingId = backends.addLateMeeting(undefined);

    const response = await call('stop', meetingId);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(parseBody(response)).toEqual({ meetingId, action: 'stop', status: 'ok', note: 'meeting not running' });
  });

  it('answers 200 "meeting not running" when Zoom answers the stop 404 with code 3001', async () => {
    const meetingId = backends.newMeetingId();

    const response = await call('stop', meetingId);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(parseBody(response)).toMatchObject({ status: 'ok', note: 'meeting not running' });
  });

  it('does not call a refused stop of a running meeting ok', async () => {
    const meetingId = backends.addLateMeeting(0, { streamConfigured: false });

    const response = await call('stop', meetingId);

    expect(response).toMatchObject({ statusCode: 422 });
    expect(parseBody(response).error.code).toBe('ZOOM_REJECTED');
  });
});
