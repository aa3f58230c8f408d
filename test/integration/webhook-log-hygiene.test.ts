import { logger } from '../../functions/lib/core/logger';
import { captureOutput, context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import {
  budget,
  createWebhookSecret,
  eventBody,
  liveStreamingObject,
  nowSeconds,
  registration,
  restWebhookEvent,
  startedObject,
  webhookSystem,
} from '../helpers/zoom-webhook';

/**
 * Every kind of delivery with logging at DEBUG, then what an operator would read: a line per
 * delivery, and the webhook secret token nowhere, whatever was sent.
 */
const SECRET_TOKEN = 'wh-secret-logs-Zq81mYt4Hc';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-logs';

let backends: Backends;
let output: ReturnType<typeof captureOutput>;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  const system = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET });
  await system.services.store.putAutoStart({ kind: 'meeting', id: MEETING_ID }, registration({ display_name: 'Logged' }), budget());
  logger.setLogLevel('DEBUG');
  output = captureOutput();
  const send = (event: unknown) => system.webhook(event, context());
  const started = eventBody('meeting.started', startedObject(MEETING_ID));

  await send(restWebhookEvent(SECRET_TOKEN, started));
  await send(restWebhookEvent(SECRET_TOKEN, started, { timestamp: nowSeconds() + 1 }));
  await send(restWebhookEvent(SECRET_TOKEN, eventBody('endpoint.url_validation', {}, Date.now(), { plainToken: 'plain-token-for-logs' })));
  await send(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))));
  await send(restWebhookEvent('forged-secret-token', started));
  await send(restWebhookEvent(SECRET_TOKEN, started, { timestamp: nowSeconds() - 3600 }));
  await send(restWebhookEvent(SECRET_TOKEN, `not json ${SECRET_TOKEN}`));
  await send(restWebhookEvent(SECRET_TOKEN, eventBody(`meeting.${SECRET_TOKEN}`, { id: MEETING_ID })));
  await system.services.startQueue.drain();
});

afterAll(async () => {
  output.restore();
  logger.setLogLevel('SILENT');
  await backends.close();
});

const webhookLines = () => output.json().filter((line) => line.message === 'zoom webhook');

it('writes one line per delivery with its outcome', () => {
  expect(webhookLines().map((line) => line.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'INVALID_SIGNATURE', 'INVALID_SIGNATURE', 'INVALID_REQUEST', 'ok']);
});

it('never writes the webhook secret token', () => {
  expect(output.lines.length).toBeGreaterThan(8);
  expect(output.lines.join('\n')).not.toContain(SECRET_TOKEN);
});
