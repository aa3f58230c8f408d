import { createHmac } from 'node:crypto';
import { configurationAnswer, context, MEETING_ID, startBackends, withLog, type Backends } from '../helpers/backends';
import {
  budget,
  createWebhookSecret,
  eventBody,
  httpWebhookEvent,
  json,
  nowSeconds,
  registration,
  restWebhookEvent,
  startedObject,
  webhookSystem,
  zoomSign,
} from '../helpers/zoom-webhook';

/**
 * `POST /webhooks/zoom` checks Zoom's signature over the exact bytes received before it looks at
 * anything else: what a forged, altered or replayed delivery may change is nothing.
 */
const SECRET_TOKEN = 'wh-secret-Tq3v9XzL1pK7mN2b';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-signature';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;

let backends: Backends;
let system: ReturnType<typeof webhookSystem>;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
});
afterAll(() => backends.close());

beforeEach(async () => {
  system = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET });
  await system.services.store.putAutoStart(MEETING, registration({ layout: 'speaker_view' }), budget());
  backends.zoom.reset();
});
afterEach(() => system.services.startQueue.drain());

const startedBody = (topic?: string) => eventBody('meeting.started', startedObject(MEETING_ID, topic));

async function startsHandedOff(): Promise<void> {
  await system.services.startQueue.drain();
  const patches = backends.zoom.apiRequests.filter((r) => r.method === 'PATCH');
  expect(patches.map((r) => [r.path, r.parsed?.action])).toEqual([[`/v2/meetings/${MEETING_ID}/livestream/status`, 'start']]);
}

describe('a correctly signed delivery', () => {
  it('is accepted from a REST API and hands the start off', async () => {
    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, startedBody()), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    await startsHandedOff();
  });

  it('is accepted from an HTTP API (payload 2.0)', async () => {
    const response = await system.webhook(httpWebhookEvent(SECRET_TOKEN, startedBody()), context());

    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    await startsHandedOff();
  });

  it('is accepted from an HTTP API on a named stage (rawPath with the stage in front)', async () => {
    const event = { ...httpWebhookEvent(SECRET_TOKEN, startedBody()), rawPath: '/prod/webhooks/zoom' };

    const response = await system.webhook(event, context());

    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
  });

  it('verifies over the UTF-8 bytes of a non-ASCII body', async () => {
    const body = startedBody('Café 会議 🎥');

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, body), context());

    expect(response).toMatchObject({ statusCode: 200 });
    await startsHandedOff();
  });

  it('verifies over the decoded bytes of a base64-encoded body', async () => {
    const body = startedBody('Café 会議 🎥');

    const response = await system.webhook(httpWebhookEvent(SECRET_TOKEN, body, { base64: true }), context());

    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    await startsHandedOff();
  });

  it('verifies a timestamp 4 minutes old', async () => {
    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, startedBody(), { timestamp: nowSeconds() - 240 }), context());

    expect(response).toMatchObject({ statusCode: 200 });
  });

  it('verifies a signature whatever the case of the header names', async () => {
    const event = restWebhookEvent(SECRET_TOKEN, startedBody());
    event.headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.replace(/(^|-)x/g, '$1X').replace(/-zm-/, '-Zm-'), value]));

    const response = await system.webhook(event, context());

    expect(Object.keys(event.headers)).toContain('X-Zm-signature');
    expect(response).toMatchObject({ statusCode: 200 });
  });
});

describe('endpoint.url_validation', () => {
  it('answers the plain token with its HMAC-SHA256 under the secret token', async () => {
    const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
    const body = eventBody('endpoint.url_validation', {}, Date.now(), { plainToken });

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, body), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ plainToken, encryptedToken: createHmac('sha256', SECRET_TOKEN).update(plainToken).digest('hex') });
  });

  it('is refused without a valid signature', async () => {
    const body = eventBody('endpoint.url_validation', {}, Date.now(), { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' });

    const response = await system.webhook(restWebhookEvent('not-the-secret-token', body), context());

    expect(response).toMatchObject({ statusCode: 401 });
    expect(json(response).error.code).toBe('INVALID_SIGNATURE');
  });
});

describe('a delivery that does not check out is 401 INVALID_SIGNATURE and changes nothing', () => {
  const body = startedBody();
  const cases: [string, () => unknown][] = [
    ['without x-zm-signature', () => restWebhookEvent(SECRET_TOKEN, body, { omit: ['x-zm-signature'] })],
    ['without x-zm-request-timestamp', () => restWebhookEvent(SECRET_TOKEN, body, { omit: ['x-zm-request-timestamp'] })],
    ['with a signature that is not v0=<64 hex>', () => restWebhookEvent(SECRET_TOKEN, body, { signature: `sha256=${'a'.repeat(64)}` })],
    ['with a truncated signature', () => restWebhookEvent(SECRET_TOKEN, body, { signature: zoomSign(SECRET_TOKEN, nowSeconds(), body).slice(0, -2) })],
    ['signed with another secret token', () => restWebhookEvent('another-apps-secret-token', body)],
    ['whose body was altered after signing', () => restWebhookEvent(SECRET_TOKEN, body, { sentBody: body.replace('Weekly', 'weekly') })],
    ['whose body gained a trailing newline', () => httpWebhookEvent(SECRET_TOKEN, body, { sentBody: `${body}\n` })],
    ['signed over another timestamp than the one sent', () => restWebhookEvent(SECRET_TOKEN, body, { signature: zoomSign(SECRET_TOKEN, nowSeconds() - 1, body) })],
    ['with a timestamp more than 300 s old', () => restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() - 400 })],
    ['with a timestamp more than 300 s ahead', () => restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() + 400 })],
    ['with a timestamp in milliseconds', () => restWebhookEvent(SECRET_TOKEN, body, { timestamp: Date.now() })],
  ];

  it.each(cases)('a delivery %s', async (_, event) => {
    const before = await system.services.store.get(MEETING, budget());

    const response = await system.webhook(event(), context());
    await system.services.startQueue.drain();

    expect(response).toMatchObject({ statusCode: 401 });
    expect(json(response).error.code).toBe('INVALID_SIGNATURE');
    expect(await system.services.store.get(MEETING, budget())).toEqual(before);
    expect(system.services.startQueue.sent).toBe(0);
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('is not remembered as handled: the same body correctly signed afterwards starts the stream', async () => {
    await system.webhook(restWebhookEvent('another-apps-secret-token', body), context());

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, body), context());

    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    await startsHandedOff();
  });
});

describe('after a valid signature', () => {
  it('answers a body that is not JSON with 400 INVALID_REQUEST', async () => {
    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, 'event=meeting.started'), context());

    expect(response).toMatchObject({ statusCode: 400 });
    expect(json(response).error).toMatchObject({ code: 'INVALID_REQUEST', message: 'body: is not valid JSON' });
    expect(system.services.startQueue.sent).toBe(0);
  });
});

describe('a secret without webhookSecretToken', () => {
  it('answers 500 CONFIGURATION_ERROR with the request id, logs what is missing, and calls nothing', async () => {
    const unconfigured = webhookSystem(backends.env);

    const { result: response, log } = await withLog(() => unconfigured.webhook(restWebhookEvent(SECRET_TOKEN, startedBody()), context()));

    expect(response).toMatchObject({ statusCode: 500 });
    expect(json(response).error).toEqual(configurationAnswer());
    expect(log).toContain('webhookSecretToken');
    expect(log).toContain(backends.env.ZOOM_SECRET_ID);
    expect(response.body).not.toContain('webhookSecretToken');
    expect(response.body).not.toContain(backends.env.ZOOM_SECRET_ID);
    expect(unconfigured.services.startQueue.sent).toBe(0);
    expect(backends.zoom.requests).toHaveLength(0);
  });
});
