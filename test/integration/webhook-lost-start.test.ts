import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import { InProcessFailureQueue } from '../../local/in-process-queue';
import { SqsStartQueue } from '../../functions/lib/aws/sqs-queues';
import { shiftedClock } from '../helpers/shifted-clock';
import { lazy, startWorkerDeps, webhookDeps, zoomAccess, type Overrides } from '../../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { createWebhookHandler } from '../../functions/lib/handlers/webhook-handler';
import { context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { budget, createWebhookSecret, eventBody, json, registration, restWebhookEvent, startedObject } from '../helpers/zoom-webhook';
import { startFaultyProxy, type Fault } from '../support/aws-stubs';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * Nothing lost at the door: a webhook start is remembered as handled only once it is on the start
 * queue. The real AWS SDK talks to DynamoDB and SQS on moto_server through a proxy that hangs,
 * throttles or fails the one call under test; after each fault, Zoom's redelivery (the same body,
 * a new signature) must still get the stream started, and started once.
 */
const SECRET_TOKEN = 'wh-secret-lost-start-5Qm2Zr8Tx';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-lost-start';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;
const SEND = 'AmazonSQS.SendMessage';
const PUT_ITEM = 'DynamoDB_20120810.PutItem';
const GET_ITEM = 'DynamoDB_20120810.GetItem';
const ZOOM_FIRST_RETRY_MS = 5 * 60_000;

let backends: Backends;
let proxy: Awaited<ReturnType<typeof startFaultyProxy>>;
let direct: { dynamodb: DynamoDBClient; sqs: SQSClient };
let proxied: { dynamodb: DynamoDBClient; sqs: SQSClient };
let resources = 0;

const clients = (endpoint: string) => {
  const options = { ...AWS_CLIENT_OPTIONS, endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  return { dynamodb: new DynamoDBClient(options), sqs: new SQSClient(options) };
};

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  proxy = await startFaultyProxy(backends.moto.endpoint);
  direct = clients(backends.moto.endpoint);
  proxied = clients(proxy.endpoint);
});
afterAll(async () => {
  for (const set of [direct, proxied]) {
    set.dynamodb.destroy();
    set.sqs.destroy();
  }
  await proxy.close();
  await backends.close();
});
beforeEach(() => backends.zoom.reset());

/** A fresh table and queue, the meeting registered, and a webhook and worker reaching AWS through the proxy. */
async function system() {
  const n = ++resources;
  const table = `lost-start-${n}`;
  await direct.dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const { QueueUrl } = await direct.sqs.send(new CreateQueueCommand({ QueueName: `lost-start-${n}` }));
  const queueUrl = QueueUrl ?? '';
  await new DynamoDbMeetingStore(direct.dynamodb, table).putAutoStart(MEETING, registration({ layout: 'gallery_view' }), budget());
  // Zoom redelivers an answered error 5 minutes later at the earliest; `redeliver` moves this clock so.
  const { clock, shift } = shiftedClock();
  const env = { ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET };
  const access = zoomAccess(env, { clock });
  // One container's parts for the webhook and the worker, as the composition root builds them.
  const overrides: Overrides = {
    clock,
    zoomAccess: access,
    webhookSecret: access.secret,
    store: new DynamoDbMeetingStore(proxied.dynamodb, table),
    startQueue: new SqsStartQueue(proxied.sqs, queueUrl),
    failureQueue: new InProcessFailureQueue(),
    failures: new MemoryFailureStore(),
  };
  const webhook = lazy(() => webhookDeps(env, overrides));
  const body = eventBody('meeting.started', startedObject(MEETING_ID));
  return {
    table,
    queueUrl,
    deliver: () => createWebhookHandler(webhook)(restWebhookEvent(SECRET_TOKEN, body, { clock }), context()),
    redeliver: () => {
      shift(ZOOM_FIRST_RETRY_MS);
      return createWebhookHandler(webhook)(restWebhookEvent(SECRET_TOKEN, body, { clock }), context());
    },
    /** Delivery items that would make a redelivery at Zoom's first retry count as a duplicate. */
    remembered: async () => (await deliveries(table)).filter((item) => Number(item.expiresAt?.N) * 1000 > clock.now() + ZOOM_FIRST_RETRY_MS),
    worker: createStartWorkerHandler(lazy(() => startWorkerDeps(env, overrides))),
  };
}

/** Everything on the queue, as the SQS event source would hand it to the worker. */
async function drain(queueUrl: string): Promise<SQSEvent> {
  const { Messages = [] } = await direct.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return {
    Records: Messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${MOTO_REGION}:123456789012:lost-start`,
      awsRegion: MOTO_REGION,
    })),
  };
}

/**
 * Each queued message to the worker in a batch of its own, one after the other: moto's conditional
 * writes are not atomic under concurrent requests, as DynamoDB's are, and the claim is what is proven.
 */
async function work(worker: ReturnType<typeof createStartWorkerHandler>, queued: SQSEvent) {
  const failures = [];
  for (const record of queued.Records) failures.push(...(await worker({ Records: [record] }, context())).batchItemFailures);
  return { batchItemFailures: failures };
}

const deliveries = async (table: string) =>
  ((await direct.dynamodb.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []).filter((item) => item.pk?.S?.startsWith('delivery#'));
const starts = () => backends.zoom.apiRequests.filter((r) => r.method === 'PATCH' && (r.parsed as { action?: string }).action === 'start');

async function withFault<T>(operation: string, fault: Fault, run: () => Promise<T>, passFirst = 0): Promise<T> {
  proxy.fault(operation, fault, passFirst);
  try {
    return await run();
  } finally {
    proxy.fault(operation, undefined);
  }
}

describe.each<[Fault, number]>([
  ['hang', 500],
  ['throttle', 503],
  ['fail', 500],
])('a start queue that does not take the start (%s)', (fault, status) => {
  it(`answers ${status}, remembers nothing, and the redelivery starts the stream once`, async () => {
    const { queueUrl, deliver, redeliver, remembered, worker } = await system();

    const refused = await withFault(SEND, fault, deliver);

    expect(refused.statusCode).toBe(status);
    expect(await remembered()).toEqual([]);
    const redelivered = await redeliver();
    expect(json(redelivered)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    expect(await work(worker, await drain(queueUrl))).toEqual({ batchItemFailures: [] });
    expect(starts().map((r) => r.parsed)).toEqual([{ action: 'start', settings: { layout: 'gallery_view' } }]);
  });
});

it('starts once when the queue took the start but its answer was lost, and Zoom redelivered', async () => {
  const { queueUrl, deliver, redeliver, worker } = await system();

  const refused = await withFault(SEND, 'apply-then-fail', deliver);
  const redelivered = await redeliver();

  expect(refused.statusCode).toBe(500);
  expect(json(redelivered).result).toBe('start handed off');
  const queued = await drain(queueUrl);
  // The SDK's own retry of the failed send queued it once more.
  expect(queued.Records.length).toBeGreaterThanOrEqual(2);
  expect(new Set(queued.Records.map((r) => JSON.parse(r.body).job.id)).size).toBe(1);
  expect(await work(worker, queued)).toEqual({ batchItemFailures: [] });
  expect(starts()).toHaveLength(1);
});

describe.each<Fault>(['hang', 'throttle', 'fail'])('a table that does not remember the handed-off delivery (%s)', (fault) => {
  it('answers 200 since the start is queued, and a redelivery is started once', async () => {
    const { table, queueUrl, deliver, redeliver, worker } = await system();

    // Only the write after the hand-off: the first PutItem (the short hold) goes through.
    const answered = await withFault(PUT_ITEM, fault, deliver, 1);
    const redelivered = await redeliver();

    expect(json(answered)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    expect(json(redelivered)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    expect(await deliveries(table)).toHaveLength(1);
    await work(worker, await drain(queueUrl));
    expect(starts()).toHaveLength(1);
  });
});

it.each([
  ['the delivery cannot be held', PUT_ITEM],
  ['the registration cannot be read', GET_ITEM],
])('answers 503 and queues nothing when %s (throttled), and the redelivery starts the stream', async (_, operation) => {
  const { queueUrl, deliver, redeliver, remembered, worker } = await system();

  const refused = await withFault(operation, 'throttle', deliver);

  expect(refused.statusCode).toBe(503);
  expect((await drain(queueUrl)).Records).toEqual([]);
  expect(await remembered()).toEqual([]);
  expect(json(await redeliver()).result).toBe('start handed off');
  await work(worker, await drain(queueUrl));
  expect(starts()).toHaveLength(1);
});

it('answers the redelivery of a handed-off delivery as a duplicate without queuing it again', async () => {
  const { queueUrl, deliver, redeliver } = await system();
  await deliver();

  const again = await redeliver();

  expect(json(again).result).toBe('duplicate delivery; handled before');
  expect((await drain(queueUrl)).Records).toHaveLength(1);
  expect(proxy.targets.filter((t) => t === SEND).length).toBeGreaterThan(0);
});
