import type { Clock } from '../../functions/lib/core/clock';
import { context, freshHandler, loadEvent, parseBody } from '../helpers/backends';
import { startClockedBackends, zoomCallsFor, type ClockedBackends } from '../helpers/clocked-backends';

/**
 * A start whose earlier attempt may have reached Zoom (timeout, dropped connection, 5xx) and whose
 * retry meets Zoom's 30-second "start the live stream" 429: most likely live, so 200 unconfirmed.
 */
let backends: ClockedBackends;
beforeAll(async () => {
  backends = await startClockedBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());
afterEach(() => backends.zoom.setLightRateLimit(undefined));

function httpStart(meetingId: string) {
  const event = loadEvent('start-apigateway-rest.json');
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${meetingId}/livestream/start`;
  event.body = null;
  return event;
}

/** The shared fake clock, whose waits also let every request the simulator holds get its answer first. */
function clockLettingZoomAnswer(): Clock {
  const zoom = backends.zoom;
  return {
    now: () => backends.clock.now(),
    sleep: async (ms) => {
      await backends.clock.sleep(ms);
      while (zoom.apiRequests.some((r) => r.status === undefined && r.fault !== 'drop')) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

/** What Zoom did with a request whose answer was lost: the stream started a moment ago. */
async function startedAtZoom(meetingId: string): Promise<void> {
  const response = await fetch(`${backends.zoom.apiBaseUrl}/meetings/${meetingId}/livestream/status`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${backends.zoom.issueStaticToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'start' }),
  });
  if (response.status !== 204) throw new Error(`the simulator answered ${response.status}`);
}

it('answers 200 unconfirmed when the first attempt timed out after Zoom started the stream', async () => {
  const meetingId = backends.addLateMeeting(0);
  const { handler } = freshHandler('start', backends.env, { clock: clockLettingZoomAnswer(), random: () => 0.5, requestTimeoutMs: 300 });
  await handler(httpStart(backends.addLateMeeting(0)), context()); // a token first
  backends.zoom.injectFaults({ type: 'slow', delayMs: 800 });

  const response = await handler(httpStart(meetingId), context());

  expect(response).toMatchObject({ statusCode: 200 });
  expect(parseBody(response)).toEqual({ meetingId, action: 'start', status: 'ok', unconfirmed: true });
  expect(zoomCallsFor(backends.zoom, meetingId).patches.map((r) => r.status)).toEqual([204, 429]);
});

it('answers 200 unconfirmed when the connection dropped before the answer and the retry meets the 30-second rule', async () => {
  const meetingId = backends.addLateMeeting(0);
  await startedAtZoom(meetingId);
  backends.zoom.injectFaults({ type: 'drop' });

  const response = await freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 }).handler(httpStart(meetingId), context());

  expect(response).toMatchObject({ statusCode: 200 });
  expect(parseBody(response)).toMatchObject({ status: 'ok', unconfirmed: true });
});

it('answers 200 unconfirmed when Zoom answered 502 and the retry meets the 30-second rule', async () => {
  const meetingId = backends.addLateMeeting(0);
  await startedAtZoom(meetingId);
  backends.zoom.injectFaults({ type: 'status', status: 502 });

  const response = await freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 }).handler(httpStart(meetingId), context());

  expect(response).toMatchObject({ statusCode: 200 });
  expect(parseBody(response)).toMatchObject({ status: 'ok', unconfirmed: true });
});

it('returns unconfirmed on the direct invoke path too', async () => {
  const meetingId = backends.addLateMeeting(0);
  await startedAtZoom(meetingId);
  backends.zoom.injectFaults({ type: 'status', status: 503 });

  const result = await freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 }).handler({ meetingId }, context());

  expect(result).toEqual({ meetingId, action: 'start', status: 'ok', unconfirmed: true });
});

it("does not take the account's per-second 429 after a 502 for a start that worked: RATE_LIMITED", async () => {
  const meetingId = backends.addLateMeeting(0);
  const { handler } = freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 });
  await handler(httpStart(backends.addLateMeeting(0)), context()); // a token first
  backends.zoom.injectFaults({ type: 'status', status: 502 });
  backends.zoom.setLightRateLimit(0);

  const response = await handler(httpStart(meetingId), context());

  expect(response).toMatchObject({ statusCode: 429 });
  expect(parseBody(response).error.code).toBe('RATE_LIMITED');
});

it('does not call a start unconfirmed when nothing before the 30-second 429 may have reached Zoom', async () => {
  const meetingId = backends.addLateMeeting(0);
  await startedAtZoom(meetingId);

  const response = await freshHandler('start', backends.env, { clock: backends.clock, random: () => 0.5 }).handler(httpStart(meetingId), context());

  expect(response).toMatchObject({ statusCode: 429 });
  expect(parseBody(response).error.code).toBe('RATE_LIMITED');
});
