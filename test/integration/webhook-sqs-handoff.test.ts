import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { InProcessFailureQueue } from '../../local/in-process-queue';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { SqsStartQueue } from '../../functions/lib/aws/sqs-queues';
import { lazy, startWorkerDeps, webhookDeps, zoomAccess, type Overrides } from '../../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { createWebhookHandler } from '../../functions/lib/handlers/webhook-handler';
import { context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { budget, createWebhookSecret, eventBody, json, nowSeconds, registration, restWebhookEvent, startedObject } from '../helpers/zoom-webhook';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * With the stack's start queue (SQS on moto_server): the webhook only sends a message; the start
 * worker, fed what SQS delivers, starts the stream. A hand-off that failed is not remembered, so
 * Zoom's redelivery after the error answer is handled.
 */
const SECRET_TOKEN = 'wh-secret-sqs-3Jd8sLq0Wn';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-sqs';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;

let backends: Backends;
let sqs: SQSClient;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  sqs = new SQSClient({ endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});
afterAll(async () => {
  sqs.destroy();
  await backends.close();
});
beforeEach(() => backends.zoom.reset());

function system(queueUrl: string) {
  const env = { ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET };
  const access = zoomAccess(env);
  const services = { store: new MemoryMeetingStore() as MeetingStore, startQueue: new SqsStartQueue(sqs, queueUrl), failureQueue: new InProcessFailureQueue(), failures: new MemoryFailureStore() };
  // One container's parts for the webhook and the worker, as the composition root builds them.
  const overrides: Overrides = { ...services, zoomAccess: access, webhookSecret: access.secret };
  return { services, webhook: createWebhookHandler(lazy(() => webhookDeps(env, overrides))), worker: createStartWorkerHandler(lazy(() => startWorkerDeps(env, overrides))) };
}

async function createQueue(name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error('moto gave no queue URL');
  return QueueUrl;
}

/** What the SQS event source mapping would hand the start worker. */
async function receive(queueUrl: string): Promise<SQSEvent> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
  return {
    Records: Messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${MOTO_REGION}:123456789012:start-queue`,
      awsRegion: MOTO_REGION,
    })),
  };
}

it('hands the start to the queue without calling Zoom', async () => {
  const { services, webhook } = system(await createQueue('start-queue-handoff'));
  await services.store.putAutoStart(MEETING, registration({ layout: 'speaker_view' }), budget());

  const response = await webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());

  expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
  expect(backends.zoom.apiRequests).toEqual([]);
});

it('lets the start worker start the stream with the registered settings from the queued message', async () => {
  const queueUrl = await createQueue('start-queue-worker');
  const { services, webhook, worker } = system(queueUrl);
  await services.store.putAutoStart(MEETING, registration({ layout: 'speaker_view', active_speaker_name: false }), budget());
  await webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());

  const batch = await worker(await receive(queueUrl), context());

  expect(batch).toEqual({ batchItemFailures: [] });
  expect(backends.zoom.apiRequests.filter((r) => r.method === 'PATCH').map((r) => r.parsed)).toEqual([
    { action: 'start', settings: { layout: 'speaker_view', active_speaker_name: false } },
  ]);
});

it('answers an error when the hand-off fails, and handles the redelivery once the queue works', async () => {
  const queueUrl = `${backends.moto.endpoint}/123456789012/start-queue-later`;
  const { services, webhook } = system(queueUrl);
  await services.store.putAutoStart(MEETING, registration(), budget());
  const body = eventBody('meeting.started', startedObject(MEETING_ID));
  const failed = await webhook(restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() - 1 }), context());
  await createQueue('start-queue-later');

  const redelivered = await webhook(restWebhookEvent(SECRET_TOKEN, body), context());

  expect(failed).toMatchObject({ statusCode: 500 });
  expect(json(redelivered)).toEqual({ event: 'meeting.started', result: 'start handed off' });
  expect((await receive(queueUrl)).Records).toHaveLength(1);
});
