import { FakeClock } from '../helpers/fake-clock';
import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { MEETING_ID, context, freshHandler, loadEvent, parseBody, startBackends, type Backends } from '../helpers/backends';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

/** Real HTTP to the simulator; only the waiting is simulated, so tests need not sit out 30 s. */
function handlerWithFakeClock(action: 'start' | 'stop', env = backends.env) {
  const clock = new FakeClock();
  return { clock, ...freshHandler(action, env, { clock, random: () => 0.5 }) };
}

const httpStart = () => loadEvent('start-apigateway-rest.json');
const scheduledStart = () => loadEvent('start-scheduler.json');

/** An API Gateway start or stop of another meeting than the fixture's. */
function httpEventFor(action: 'start' | 'stop', meetingId: string) {
  const event = loadEvent(`${action}-apigateway-rest.json`);
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${meetingId}/livestream/${action}`;
  return event;
}

/** Waits (real time) until `probe` holds. */
async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Lets a request held by a `slow` fault reach its answer, so that it cannot start a stream in a later
 * test after the client gave up on it.
 */
const slowRequestsAnswered = (zoom: ZoomSimulator = backends.zoom) =>
  until(() => zoom.requests.every((request) => request.fault !== 'slow' || request.status !== undefined));

describe('Zoom 429', () => {
  it('is waited out and retried when Retry-After fits the budget', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'rateLimit', retryAfter: '2' });

    const response = await handler(httpStart(), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(clock.sleeps).toEqual([2000]);
    expect(backends.zoom.apiRequests.map((r) => r.status)).toEqual([429, 204]);
  });

  it('answers an HTTP caller 429 RATE_LIMITED with Retry-After at once when the wait would be long', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'rateLimit', retryAfter: '30' });

    const response = await handler(httpStart(), context());

    expect(response).toMatchObject({ statusCode: 429, headers: { 'retry-after': '30' } });
    expect(parseBody(response).error).toMatchObject({ code: 'RATE_LIMITED', zoomTrackingId: expect.any(String) });
    expect(clock.sleeps).toEqual([]);
    expect(backends.zoom.apiRequests).toHaveLength(1);
  });

  it("answers Zoom's own repeated-start refusal with Retry-After 30 taken from its message", async () => {
    const { handler } = handlerWithFakeClock('start');
    await handler(httpStart(), context());

    const response = await handler(httpStart(), context());

    expect(response).toMatchObject({ statusCode: 429, headers: { 'retry-after': '30' } });
    expect(parseBody(response).error.message).toContain('retry making a new request after 30 seconds');
  });

  it('is waited out on the scheduled path, 30 s at a time, within the function timeout', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'rateLimit', retryAfter: '30' }, { type: 'rateLimit', retryAfter: '30' });

    await expect(handler(scheduledStart(), context(120_000))).resolves.toEqual({ meetingId: MEETING_ID, action: 'start', status: 'ok' });
    expect(clock.sleeps).toEqual([30_000, 30_000]);
  });

  it("sits out Zoom's own 30-second window when a scheduled start follows another start", async () => {
    // The simulator shares the fake clock, so the wait really moves Zoom's window along.
    const clock = new FakeClock();
    const zoom = await startZoomSimulator({ meetings: [MEETING_ID], now: () => clock.now() });
    try {
      const env = { ...backends.env, ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl };
      const { handler } = freshHandler('start', env, { clock, random: () => 0.5 });
      const stop = freshHandler('stop', env, { clock, random: () => 0.5 }).handler;
      await handler(httpStart(), context());
      // Stopped again at once: Zoom counts the start anyway (a live stream would refuse new settings instead).
      await expect(stop(loadEvent('stop-apigateway-rest.json'), context())).resolves.toMatchObject({ statusCode: 200 });
      clock.advance(5000);

      await expect(handler(scheduledStart(), context(120_000))).resolves.toEqual({ meetingId: MEETING_ID, action: 'start', status: 'ok' });
      expect(clock.sleeps).toEqual([30_000]);
      expect(zoom.apiRequests.map((r) => r.status)).toEqual([204, 204, 429, 204]);
      expect(zoom.meetingState(MEETING_ID)).toMatchObject({ status: 'started', starts: 2 });
    } finally {
      await zoom.close();
    }
  });

  it('is thrown as RATE_LIMITED on the scheduled path when the next wait would not fit', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults(...Array.from({ length: 5 }, () => ({ type: 'rateLimit' as const, retryAfter: '30' })));

    await expect(handler(scheduledStart(), context(120_000))).rejects.toMatchObject({ name: 'RATE_LIMITED', retryAfterMs: 30_000 });
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000]);
    expect(backends.zoom.apiRequests).toHaveLength(4);
  });
});

describe('Zoom unavailable', () => {
  it('retries a 5xx and succeeds on the following 204', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'status', status: 503 });

    await expect(handler(httpStart(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(backends.zoom.apiRequests.map((r) => r.status)).toEqual([503, 204]);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('retries a dropped connection', async () => {
    const { handler } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'drop' });

    await expect(handler(httpStart(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(backends.zoom.apiRequests).toHaveLength(2);
  });

  it('retries a request that timed out', async () => {
    const clock = new FakeClock();
    const { handler } = freshHandler('start', backends.env, { clock, requestTimeoutMs: 200 });
    backends.zoom.injectFaults({ type: 'slow', delayMs: 1500 });

    await expect(handler(httpStart(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(backends.zoom.apiRequests).toHaveLength(2);
    await slowRequestsAnswered();
  });

  it("answers a start that timed out after Zoom applied it, then met Zoom's 30-second rule, as started but unconfirmed", async () => {
    const meetingId = '55566677701';
    backends.zoom.addMeeting(meetingId);
    const clock = new FakeClock();
    // Backoff waits take no time, but the retry leaves only once the timed-out request reached Zoom.
    const sleepAfterZoomApplied = {
      now: () => clock.now(),
      sleep: async (ms: number) => {
        await until(() => backends.zoom.meetingState(meetingId)?.starts === 1);
        await clock.sleep(ms);
      },
    };
    const { handler } = freshHandler('start', backends.env, { clock: sleepAfterZoomApplied, requestTimeoutMs: 200, random: () => 0.5 });
    backends.zoom.injectFaults({ type: 'slow', delayMs: 600 });

    const response = await handler(httpEventFor('start', meetingId), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(parseBody(response)).toEqual({ meetingId, action: 'start', status: 'ok', unconfirmed: true });
    expect(backends.zoom.apiRequests.map((r) => [r.fault, r.status])).toEqual([
      ['slow', 204],
      [undefined, 429],
    ]);
    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ status: 'started', starts: 1 });
  });

  it('answers 502 ZOOM_UNAVAILABLE when 5xx persists', async () => {
    const { handler } = handlerWithFakeClock('start');
    backends.zoom.injectFaults(...Array.from({ length: 10 }, () => ({ type: 'status' as const, status: 500 })));

    const response = await handler(httpStart(), context());

    expect(response).toMatchObject({ statusCode: 502 });
    expect(parseBody(response).error).toMatchObject({ code: 'ZOOM_UNAVAILABLE', message: 'Zoom answered HTTP 500: Internal Server Error.' });
  });

  it('throws ZOOM_UNAVAILABLE on the scheduled path when 5xx persists', async () => {
    const { handler } = handlerWithFakeClock('start');
    backends.zoom.injectFaults(...Array.from({ length: 10 }, () => ({ type: 'status' as const, status: 502 })));

    await expect(handler(scheduledStart(), context())).rejects.toMatchObject({ name: 'ZOOM_UNAVAILABLE' });
  });

  it('answers an HTTP caller within the budget even when the token endpoint and Zoom are both slow', async () => {
    // Real clock: 3 s of Lambda time leave a 2 s budget; a 1.5 s token exchange leaves 0.5 s for the PATCH.
    const { handler } = freshHandler('start', backends.env);
    backends.zoom.injectFaults({ type: 'slow', delayMs: 1500, target: 'token' }, { type: 'slow', delayMs: 1500 });

    const startedAt = Date.now();
    const response = await handler(httpStart(), context(3000));
    const elapsed = Date.now() - startedAt;

    expect(response).toMatchObject({ statusCode: 502 });
    expect(parseBody(response).error.message).toMatch(/timed out/);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(2800); // unbounded, the two slow answers would take 3 s and succeed
    await slowRequestsAnswered();
  });

  it('waits out a rate-limited token endpoint and goes on', async () => {
    const { handler, clock } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'rateLimit', retryAfter: '1', target: 'token' });

    await expect(handler(httpStart(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(clock.sleeps).toEqual([1000]);
    expect(backends.zoom.tokenExchanges).toBe(1);
  });

  it('retries when the token endpoint fails, too', async () => {
    const { handler } = handlerWithFakeClock('start');
    backends.zoom.injectFaults({ type: 'status', status: 503, target: 'token' });

    await expect(handler(httpStart(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(backends.zoom.tokenExchanges).toBe(1);
  });
});

describe('Zoom refusals', () => {
  it('answers 404 MEETING_NOT_FOUND for a meeting Zoom does not know', async () => {
    const { handler } = handlerWithFakeClock('start');
    const event = httpStart();
    event.pathParameters.meetingId = '11122233344';

    const response = await handler(event, context());

    expect(response).toMatchObject({ statusCode: 404 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 3001, zoomTrackingId: expect.any(String) });
    expect(backends.zoom.apiRequests).toHaveLength(1);
  });

  it("answers 409 STREAM_NOT_CONFIGURED with Zoom's code when the running meeting's stream is not configured", async () => {
    backends.zoom.addMeeting('55566677788', { streamConfigured: false });
    const { handler } = handlerWithFakeClock('start');

    const response = await handler(httpEventFor('start', '55566677788'), context());

    expect(response).toMatchObject({ statusCode: 409 });
    expect(parseBody(response).error).toMatchObject({
      code: 'STREAM_NOT_CONFIGURED',
      zoomCode: 3000,
      message: expect.stringContaining('PUT /meetings/55566677788/livestream'),
    });
    // Zoom's 3000 does not say why: the meeting's status is read to tell.
    expect(backends.zoom.apiRequests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['PATCH', '/v2/meetings/55566677788/livestream/status', 400],
      ['GET', '/v2/meetings/55566677788', 200],
    ]);
  });

  it('answers an HTTP start of a meeting that has not begun with 409 MEETING_NOT_STARTED, at once', async () => {
    backends.zoom.addMeeting('55566677799', { status: 'waiting' });
    const { handler, clock } = handlerWithFakeClock('start');

    const response = await handler(httpEventFor('start', '55566677799'), context());

    expect(response).toMatchObject({ statusCode: 409 });
    expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_STARTED', zoomCode: 3000 });
    expect(backends.zoom.apiRequests.map((r) => [r.method, r.status])).toEqual([
      ['PATCH', 400],
      ['GET', 200],
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([
    ['that has not begun', (id: string) => backends.zoom.addMeeting(id, { status: 'waiting' }), ['PATCH', 'GET']],
    ['that Zoom does not know (3001)', () => undefined, ['PATCH']],
  ])('answers a stop of a meeting %s with 200 and a note: there is nothing to stop', async (_, arrange, methods) => {
    const meetingId = '55566677711';
    backends.zoom.removeMeeting(meetingId);
    arrange(meetingId);
    const { handler } = handlerWithFakeClock('stop');

    const response = await handler(httpEventFor('stop', meetingId), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(parseBody(response)).toEqual({ meetingId, action: 'stop', status: 'ok', note: 'meeting not running' });
    expect(backends.zoom.apiRequests.map((r) => r.method)).toEqual(methods);
  });

  it('answers 422 ZOOM_REJECTED for a stop Zoom refuses while the meeting runs', async () => {
    backends.zoom.injectFaults({ type: 'status', status: 400, body: { code: 1010, message: 'User does not belong to this account.' } });
    const { handler } = handlerWithFakeClock('stop');

    const response = await handler(loadEvent('stop-apigateway-rest.json'), context());

    expect(response).toMatchObject({ statusCode: 422 });
    expect(parseBody(response).error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 1010 });
  });

  it('answers 500 CONFIGURATION_ERROR naming the scope when the app lacks it', async () => {
    const zoom = await startZoomSimulator({ meetings: [MEETING_ID], scopes: ['meeting:read:meeting:admin'] });
    try {
      const { handler } = freshHandler('start', { ...backends.env, ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl });

      const response = await handler(httpStart(), context());

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 4700 });
      // The scopes Zoom listed in its refusal, so the fix can be made in the App Marketplace.
      expect(parseBody(response).error.message).toMatch(/^the Zoom app lacks the scopes? meeting:update:livestream_status:admin\b.*\(Zoom code 4700\)/);
      expect(zoom.apiRequests).toHaveLength(1);
    } finally {
      await zoom.close();
    }
  });
});

describe('a start nobody waits for (schedule, direct invoke), of a meeting that is not running', () => {
  // The simulator shares the fake clock, so the meeting starts while the handler waits.
  let clock: FakeClock;
  let zoom: ZoomSimulator;
  let env: Record<string, string>;
  const meetingId = '55566677722';
  beforeEach(async () => {
    clock = new FakeClock();
    zoom = await startZoomSimulator({ now: () => clock.now() });
    env = { ...backends.env, ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl };
  });
  afterEach(() => zoom.close());

  it("waits for the meeting, reading Zoom's status every 10 s, then starts the stream", async () => {
    zoom.addMeeting(meetingId, { startsAt: clock.now() + 25_000 });
    const { handler } = freshHandler('start', env, { clock, random: () => 0.5 });

    await expect(handler({ meetingId }, context(120_000))).resolves.toEqual({ meetingId, action: 'start', status: 'ok' });

    expect(clock.sleeps).toEqual([10_000, 10_000, 10_000]);
    expect(zoom.apiRequests.map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 400', 'GET 200', 'GET 200', 'GET 200', 'GET 200', 'PATCH 204']);
    expect(zoom.meetingState(meetingId)).toMatchObject({ status: 'started', meetingStatus: 'started' });
  });

  it('throws MEETING_NOT_STARTED once its start window has passed', async () => {
    zoom.addMeeting(meetingId, { status: 'waiting' });
    const { handler } = freshHandler('start', env, { clock, random: () => 0.5 });

    await expect(handler({ meetingId, startWindowMinutes: 1 }, context(120_000))).rejects.toMatchObject({
      name: 'MEETING_NOT_STARTED',
      message: expect.stringContaining('did not start within its start window'),
    });
    expect(clock.sleeps).toEqual(Array.from({ length: 6 }, () => 10_000));
    expect(zoom.meetingState(meetingId)).toMatchObject({ status: 'stopped', starts: 0 });
  });

  it('does not wait at all with a start window of 0', async () => {
    zoom.addMeeting(meetingId, { status: 'waiting' });
    const { handler } = freshHandler('start', env, { clock, random: () => 0.5 });

    await expect(handler({ meetingId, startWindowMinutes: 0 }, context(120_000))).rejects.toMatchObject({ name: 'MEETING_NOT_STARTED' });
    expect(clock.sleeps).toEqual([]);
  });

  it('hands the wait to the start queue when it outlasts the invocation, and starts the stream from there', async () => {
    zoom.addMeeting(meetingId, { startsAt: clock.now() + 60_000 });
    const { handler, services } = freshHandler('start', env, { clock, random: () => 0.5 });

    // 20 s of Lambda time: too short for a 10 s wait plus a status read and a start.
    const result = await handler({ meetingId }, context(20_000));

    expect(result).toMatchObject({ meetingId, action: 'start', status: 'waiting' });
    expect(services.startQueue.sent).toBe(1);
    await services.startQueue.drain();
    expect(zoom.meetingState(meetingId)).toMatchObject({ status: 'started', starts: 1 });
    expect(services.failureQueue.messages).toEqual([]);
  });
});
