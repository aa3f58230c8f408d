import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbFailureStore } from '../../functions/lib/aws/dynamodb-failure-store';
import { lazy, startWorkerDeps } from '../../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { lambdaContext } from '../../local/lambda-context';
import { startClockedBackends, type ClockedBackends } from '../helpers/clocked-backends';
import { MEETINGS_TABLE_SHAPE, storeBudget } from '../helpers/meeting-stores';
import { RecordingStartQueue, sqsEvent } from '../helpers/sqs-delivery';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * The start worker records every start that ends failed and publishes it once to the notification
 * topic: DynamoDB, SQS and SNS are moto's (the topic delivers to an SQS queue the test reads), Zoom
 * is the simulator. SQS delivers at least once, so the same failing message may come twice.
 */
const TABLE = 'zoom-livestream-failures';
let backends: ClockedBackends;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let topicArn: string;
let failureQueueUrl: string;
let noticeQueueUrl: string;
let queue: RecordingStartQueue;
const saved = { ...process.env };

beforeAll(async () => {
  backends = await startClockedBackends();
  for (const service of ['SQS', 'DYNAMODB', 'SNS']) process.env[`AWS_ENDPOINT_URL_${service}`] = backends.moto.endpoint;
  const client = { endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  sqs = new SQSClient(client);
  dynamodb = new DynamoDBClient(client);
  const sns = new SNSClient(client);
  await dynamodb.send(new CreateTableCommand({ TableName: TABLE, ...MEETINGS_TABLE_SHAPE }));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'zoom-livestream-notices' }))).TopicArn ?? '';
  failureQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'start-failures' }))).QueueUrl ?? '';
  noticeQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'notices' }))).QueueUrl ?? '';
  const noticeArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: noticeQueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: noticeArn, Attributes: { RawMessageDelivery: 'false' } }));
  sns.destroy();
});
afterAll(async () => {
  sqs.destroy();
  dynamodb.destroy();
  await backends.close();
  process.env = saved;
});
beforeEach(() => {
  backends.zoom.reset();
  queue = new RecordingStartQueue(backends.clock);
});

/** A worker container wired as functions/start-worker.ts wires it. */
function worker() {
  const env = { ...backends.env, MEETINGS_TABLE: TABLE, START_FAILURE_QUEUE_URL: failureQueueUrl, FAILURE_TOPIC_ARN: topicArn };
  return createStartWorkerHandler(lazy(() => startWorkerDeps(env, backends.overrides({ startQueue: queue }))));
}

async function drain(queueUrl: string) {
  const bodies: string[] = [];
  for (;;) {
    const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
    if (!answer.Messages?.length) return bodies;
    bodies.push(...answer.Messages.map((message) => message.Body ?? ''));
  }
}

/** The SNS notices delivered to the subscribed queue: subject and text. */
async function notices() {
  return (await drain(noticeQueueUrl)).map((body) => JSON.parse(body) as { Subject: string; Message: string });
}

const failuresOf = async (meetingId: string) =>
  (await new DynamoDbFailureStore(dynamodb, TABLE).list({ limit: 100 }, storeBudget())).items.filter((failure) => failure.target.id === meetingId);

it('records a start refused for good and publishes it once, even when SQS delivers the message twice', async () => {
  const meetingId = backends.newMeetingId();
  backends.zoom.addMeeting(meetingId, { streamConfigured: false });
  const message = queue.message(JSON.stringify({ meetingId, settings: { layout: 'speaker_view' } }));

  const first = await worker()(sqsEvent([message]), lambdaContext('start-worker', 60_000));
  const second = await worker()(sqsEvent([{ ...message, receiveCount: 2 }]), lambdaContext('start-worker', 60_000));

  expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
  const recorded = await failuresOf(meetingId);
  expect(recorded).toEqual([
    expect.objectContaining({ failureId: message.id, origin: 'schedule', code: 'STREAM_NOT_CONFIGURED', attempts: 1, settings: { layout: 'speaker_view' } }),
  ]);
  const sent = await notices();
  expect(sent).toHaveLength(1);
  expect(sent[0]?.Subject).toBe(`Live stream start failed: meeting ${meetingId} (STREAM_NOT_CONFIGURED)`);
  expect(sent[0]?.Message).toContain(`POST /failures/${message.id}/retry`);
  expect(sent[0]?.Message).toContain('What to do: The meeting has no custom live stream set up.');
});

it('records a failure that may pass only on its last delivery, before the redrive parks it', async () => {
  const meetingId = backends.newMeetingId();
  backends.zoom.addMeeting(meetingId);
  const message = queue.message(JSON.stringify({ meetingId }));

  // Zoom answers 503 to every start until the test ends: each delivery gives up and asks again.
  const answers = [];
  for (let receiveCount = 1; receiveCount <= 5; receiveCount += 1) {
    backends.zoom.injectFaults(...Array.from({ length: 20 }, () => ({ type: 'status' as const, status: 503 })));
    answers.push(await worker()(sqsEvent([{ ...message, receiveCount }]), lambdaContext('start-worker', 60_000)));
    if (receiveCount === 4) expect(await failuresOf(meetingId)).toEqual([]);
  }

  expect(answers.every((answer) => answer.batchItemFailures.length === 1)).toBe(true);
  expect(await failuresOf(meetingId)).toEqual([expect.objectContaining({ code: 'ZOOM_UNAVAILABLE', attempts: 5 })]);
  expect((await notices()).map((notice) => notice.Subject)).toEqual([`Live stream start failed: meeting ${meetingId} (ZOOM_UNAVAILABLE)`]);
});

it('still parks the job in the failure queue beside the record, with its error', async () => {
  const meetingId = backends.newMeetingId();
  backends.zoom.addMeeting(meetingId, { streamConfigured: false });
  await drain(failureQueueUrl);

  await worker()(sqsEvent([queue.message(JSON.stringify({ meetingId }))]), lambdaContext('start-worker', 60_000));

  expect((await drain(failureQueueUrl)).map((body) => JSON.parse(body).meetingId)).toEqual([meetingId]);
  expect(await failuresOf(meetingId)).toHaveLength(1);
  await notices();
});
