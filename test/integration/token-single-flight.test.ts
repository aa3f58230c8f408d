import { context, freshHandler, loadEvent, startBackends, type Backends } from '../helpers/backends';

/**
 * Zoom may invalidate older tokens when a new one is issued: the requests of one container share
 * one token, and when many of them are refused together they wait for one renewal.
 */
let backends: Backends;
const MEETINGS = Array.from({ length: 20 }, (_, i) => String(86_000_000_000 + i));
beforeAll(async () => {
  backends = await startBackends();
  for (const id of MEETINGS) backends.zoom.addMeeting(id);
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

function httpStart(meetingId: string) {
  const event = loadEvent('start-apigateway-rest.json');
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${meetingId}/livestream/start`;
  event.body = null;
  return event;
}

it('renews a revoked token once for 20 concurrent starts refused with it', async () => {
  const { handler, counts } = freshHandler('start', backends.env);
  await handler(httpStart('85746065432'), context()); // the container's token
  const exchangesBefore = backends.zoom.tokenExchanges;
  const secretReadsBefore = counts.secretReads;
  backends.zoom.revokeTokens();

  const responses = await Promise.all(MEETINGS.map((id) => handler(httpStart(id), context())));

  expect(responses.map((r) => (r as { statusCode: number }).statusCode)).toEqual(MEETINGS.map(() => 200));
  expect(backends.zoom.tokenExchanges - exchangesBefore).toBe(1);
  expect(counts.secretReads - secretReadsBefore).toBe(1);
});

it('renews once when the renewal is slow and refusals keep arriving while it runs', async () => {
  const { handler } = freshHandler('start', backends.env);
  await handler(httpStart('85746065432'), context()); // the container's token
  const exchangesBefore = backends.zoom.tokenExchanges;
  backends.zoom.revokeTokens();
  backends.zoom.injectFaults({ type: 'slow', delayMs: 300, target: 'token' });

  const responses = await Promise.all(
    MEETINGS.map(async (id, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 20));
      return handler(httpStart(id), context());
    }),
  );

  expect(responses.map((r) => (r as { statusCode: number }).statusCode)).toEqual(MEETINGS.map(() => 200));
  expect(backends.zoom.tokenExchanges - exchangesBefore).toBe(1);
});

it('exchanges one token for 20 concurrent starts of a cold container', async () => {
  const { handler } = freshHandler('start', backends.env);

  const responses = await Promise.all(MEETINGS.map((id) => handler(httpStart(id), context())));

  expect(responses.map((r) => (r as { statusCode: number }).statusCode)).toEqual(MEETINGS.map(() => 200));
  expect(backends.zoom.tokenExchanges).toBe(1);
});
