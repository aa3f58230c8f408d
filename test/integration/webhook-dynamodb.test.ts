import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import { InProcessFailureQueue, InProcessStartQueue } from '../../local/in-process-queue';
import { systemClock } from '../../functions/lib/core/clock';
import { lazy, webhookDeps } from '../../functions/lib/handlers/composition-root';
import { createWebhookHandler } from '../../functions/lib/handlers/webhook-handler';
import { context, drainWithWorker, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { budget, createWebhookSecret, eventBody, json, liveStreamingObject, nowSeconds, registration, restWebhookEvent, startedObject } from '../helpers/zoom-webhook';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * The webhook with the stack's store: a DynamoDB table on moto_server through the real SDK. The
 * redelivery check and the stream state hold across containers only because DynamoDB's
 * conditional writes decide them, so they are checked here against the table itself.
 */
const SECRET_TOKEN = 'wh-secret-ddb-Hn3qT6vY9c';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-dynamodb';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;

let backends: Backends;
let dynamodb: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  dynamodb = new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});
afterAll(async () => {
  dynamodb.destroy();
  await backends.close();
});
beforeEach(() => backends.zoom.reset());

/** A container of its own over one shared table, as two Lambda containers would be. */
function container(table: string) {
  const env = { ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET };
  const startQueue = new InProcessStartQueue({ clock: systemClock });
  const overrides = { store: new DynamoDbMeetingStore(dynamodb, table), startQueue, failureQueue: new InProcessFailureQueue() };
  drainWithWorker(env, startQueue, () => overrides);
  return { store: overrides.store, startQueue, webhook: createWebhookHandler(lazy(() => webhookDeps(env, overrides))) };
}

async function createTable(): Promise<string> {
  const name = `webhook-meetings-${++tables}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}

const items = async (table: string) => (await dynamodb.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
const patches = () => backends.zoom.apiRequests.filter((r) => r.method === 'PATCH');

it('starts a stream once when the redelivery reaches another container', async () => {
  const table = await createTable();
  const [a, b] = [container(table), container(table)];
  await a.store.putAutoStart(MEETING, registration({ layout: 'speaker_view' }), budget());
  const body = eventBody('meeting.started', startedObject(MEETING_ID));

  await a.webhook(restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() - 1 }), context());
  const again = await b.webhook(restWebhookEvent(SECRET_TOKEN, body), context());
  await Promise.all([a.startQueue.drain(), b.startQueue.drain()]);

  expect(json(again)).toEqual({ event: 'meeting.started', result: 'duplicate delivery; handled before' });
  expect(b.startQueue.sent).toBe(0);
  expect(patches().map((r) => r.parsed)).toEqual([{ action: 'start', settings: { layout: 'speaker_view' } }]);
});

it('remembers the delivery in the table with its expiry at least 24 hours ahead', async () => {
  const table = await createTable();
  const { store, startQueue, webhook } = container(table);
  await store.putAutoStart(MEETING, registration(), budget());

  await webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());
  await startQueue.drain();

  const deliveries = (await items(table)).filter((item) => item.pk?.S?.startsWith('delivery#'));
  expect(deliveries).toHaveLength(1);
  expect(Number(deliveries[0]?.expiresAt?.N)).toBeGreaterThanOrEqual(nowSeconds() + 24 * 3600);
});

it('keeps the newer stream state when an older event reaches another container late', async () => {
  const table = await createTable();
  const [a, b] = [container(table), container(table)];

  await a.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_stopped', liveStreamingObject(MEETING_ID, '2026-11-26T09:30:00Z'))), context());
  const late = await b.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))), context());

  expect(json(late).result).toBe('older than the known state');
  expect((await b.store.get(MEETING, budget()))?.stream).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
});

it('writes nothing to the table for a delivery whose signature does not check out', async () => {
  const table = await createTable();
  const { store, startQueue, webhook } = container(table);
  await store.putAutoStart(MEETING, registration(), budget());
  const before = await items(table);

  const response = await webhook(restWebhookEvent('forged-token', eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))), context());
  await startQueue.drain();

  expect(response).toMatchObject({ statusCode: 401 });
  expect(await items(table)).toEqual(before);
});

it('stores nothing for meeting.ended of a meeting the table does not have', async () => {
  const table = await createTable();
  const { webhook } = container(table);

  const response = await webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.ended', { ...startedObject(MEETING_ID), end_time: '2026-11-26T10:00:00Z' })), context());

  expect(json(response).result).toBe('not known here');
  expect(await items(table)).toEqual([]);
});
