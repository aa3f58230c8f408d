import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalApi, type LocalApi, type LocalHandler } from '../../local/local-api';
import { lambdaContext } from '../../local/lambda-context';
import { startBackends, type Backends } from '../helpers/backends';
import { MEETINGS_TABLE_SHAPE } from '../helpers/meeting-stores';
import { sqsEvent, type WorkerHandler } from '../helpers/sqs-delivery';
import { createWebhookSecret } from '../helpers/zoom-webhook';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * The deployed functions' own exports (`functions/meetings.ts`, `functions/webhook.ts`,
 * `functions/start-worker.ts`) as the stack wires them: the meetings table and the start queue on
 * moto, the webhook handing starts to the queue and the worker draining it as Lambda's SQS event
 * source would, and the local API Gateway in front. The Zoom simulator sends its own signed event
 * notifications to the webhook over HTTP: a host starting a registered meeting makes its stream go
 * live, and the GET route then says so.
 */
const SECRET_TOKEN = 'wh-secret-e2e-Pm4xD8sV1k';
const WEBHOOK_SECRET = 'zoom-livestream/auto-start-e2e';
const API_KEY = 'e2e-api-key-0123456789';
const MEETING = '87766655544';

let backends: Backends;
let api: LocalApi;
let sqs: SQSClient;
let queueUrl: string;
let worker: WorkerHandler;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  const aws = { endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  const dynamodb = new DynamoDBClient(aws);
  await dynamodb.send(new CreateTableCommand({ TableName: 'auto-start-e2e', ...MEETINGS_TABLE_SHAPE }));
  dynamodb.destroy();
  sqs = new SQSClient(aws);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'auto-start-e2e-start' }))).QueueUrl ?? '';
  // The exports read their configuration from the environment on first use, as in Lambda.
  Object.assign(process.env, backends.env, {
    ZOOM_SECRET_ID: WEBHOOK_SECRET,
    MEETINGS_TABLE: 'auto-start-e2e',
    START_QUEUE_URL: queueUrl,
    AWS_ENDPOINT_URL_DYNAMODB: backends.moto.endpoint,
    AWS_ENDPOINT_URL_SQS: backends.moto.endpoint,
  });
  const meetings = (await import('../../functions/meetings')).handler as LocalHandler;
  const webhook = (await import('../../functions/webhook')).handler as LocalHandler;
  worker = (await import('../../functions/start-worker')).handler as WorkerHandler;
  const refuse: LocalHandler = async () => ({ statusCode: 500, body: '{}' });
  api = await startLocalApi({ handlers: { meetings, webhook, start: refuse, stop: refuse, operator: refuse, console: refuse }, apiKey: API_KEY, port: 0, host: '127.0.0.1' });
  backends.zoom.configureWebhooks({ url: `${api.url}/webhooks/zoom`, secretToken: SECRET_TOKEN });
});
afterAll(async () => {
  await api.close();
  sqs.destroy();
  for (const name of ['MEETINGS_TABLE', 'START_QUEUE_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SQS']) delete process.env[name];
  await backends.close();
});

/** What Lambda's SQS event source does: hands the worker what the queue holds, deletes what it finished. */
async function drainStartQueue(): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ['All'] }));
  if (Messages.length === 0) return;
  const jobs = Messages.map((m) => ({ id: m.MessageId ?? '', body: m.Body ?? '', sentAt: Number(m.Attributes?.SentTimestamp), receiveCount: Number(m.Attributes?.ApproximateReceiveCount) }));
  const answer = await worker(sqsEvent(jobs), lambdaContext('start-worker', 60_000));
  const retried = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
  for (const message of Messages) {
    if (!retried.has(message.MessageId ?? '')) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}

const request = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${api.url}${path}`, { method, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as any };
};

/** Until Zoom's deliveries, the start they caused and the deliveries that start caused are all done. */
async function settle(until: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await until()); i += 1) {
    await backends.zoom.whenDelivered();
    await drainStartQueue();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('starts the registered stream when the host starts the meeting, and shows it live', async () => {
  backends.zoom.addMeeting(MEETING, { status: 'waiting' });
  const registered = await request('PUT', `/meetings/${MEETING}/livestream/auto-start`, '{"settings":{"display_name":"From the webhook"}}');

  backends.zoom.startMeeting(MEETING);
  await settle(async () => (await request('GET', `/meetings/${MEETING}/livestream`)).body.stream.state === 'live');
  const described = await request('GET', `/meetings/${MEETING}/livestream`);

  expect(registered).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: { settings: { display_name: 'From the webhook' } } } });
  expect(backends.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1, settings: { display_name: 'From the webhook' } });
  expect(described.body).toMatchObject({ meetingId: MEETING, stream: { state: 'live', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
  expect(backends.zoom.deliveries.map((d) => [d.event, d.status])).toEqual([
    ['meeting.started', 200],
    ['meeting.live_streaming_started', 200],
  ]);
});

it('shows the stream stopped once the host ends the meeting', async () => {
  backends.zoom.reset();

  backends.zoom.endMeeting(MEETING);
  await settle(async () => (await request('GET', `/meetings/${MEETING}/livestream`)).body.stream.state === 'stopped');
  const described = await request('GET', `/meetings/${MEETING}/livestream`);

  expect(described.body.stream).toEqual({ state: 'stopped', since: expect.any(String) });
  expect(backends.zoom.deliveries.map((d) => [d.event, d.status])).toEqual([['meeting.ended', 200]]);
});

it('refuses a delivery signed with another token, without an API key being asked for', async () => {
  const body = JSON.stringify({ event: 'meeting.started', event_ts: Date.now(), payload: { object: { id: MEETING } } });

  const response = await fetch(`${api.url}/webhooks/zoom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-zm-signature': `v0=${'0'.repeat(64)}` },
    body,
  });

  expect(response.status).toBe(401);
  expect(((await response.json()) as any).error.code).toBe('INVALID_SIGNATURE');
});
