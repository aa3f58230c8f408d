import { FakeClock } from '../helpers/fake-clock';
import { startZoomSimulator } from '../zoom-simulator';
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
      await handler(httpStart(), context());
      clock.advance(5000);

      await expect(handler(scheduledStart(), context(120_000))).resolves.toMatchObject({ status: 'ok' });
      expect(clock.sleeps).toEqual([30_000]);
      expect(zoom.apiRequests.map((r) => r.status)).toEqual([204, 429, 204]);
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

  it("answers 422 ZOOM_REJECTED with Zoom's code when the meeting's stream is not configured", async () => {
    backends.zoom.addMeeting('55566677788', { streamConfigured: false });
    const { handler } = handlerWithFakeClock('start');
    const event = httpStart();
    event.pathParameters.meetingId = '55566677788';

    const response = await handler(event, context());

    expect(response).toMatchObject({ statusCode: 422 });
    expect(parseBody(response).error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 3000 });
    expect(backends.zoom.apiRequests).toHaveLength(1);
  });
});
