import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import { startJobMessage } from '../../functions/lib/use-cases/start-job';
import { lazy, startWorkerDeps } from '../../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { lambdaContext } from '../../local/lambda-context';
import { startClockedBackends, shortestGap, zoomCallsFor, type ClockedBackends } from '../helpers/clocked-backends';
import { deliverAll, RecordingStartQueue, sqsEvent, type QueuedJob } from '../helpers/sqs-delivery';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * The start worker fed SQS-shaped events: the meetings table (DynamoDB) and the failure queue (SQS)
 * are moto's, Zoom is the simulator on the fake clock the worker shares. The start queue records
 * what the worker sends and is delivered by the test, as SQS would deliver it.
 */
const TABLE = 'zoom-livestream-meetings';
let backends: ClockedBackends;
let sqs: SQSClient;
let failureQueueUrl: string;
let queue: RecordingStartQueue;
const savedEnv = { sqs: process.env.AWS_ENDPOINT_URL_SQS, dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB };

beforeAll(async () => {
  backends = await startClockedBackends();
  process.env.AWS_ENDPOINT_URL_SQS = backends.moto.endpoint;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = backends.moto.endpoint;
  const client = { endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  sqs = new SQSClient(client);
  const dynamodb = new DynamoDBClient(client);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  dynamodb.destroy();
});
afterAll(async () => {
  sqs.destroy();
  await backends.close();
  process.env.AWS_ENDPOINT_URL_SQS = savedEnv.sqs;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEnv.dynamodb;
  if (savedEnv.sqs === undefined) delete process.env.AWS_ENDPOINT_URL_SQS;
  if (savedEnv.dynamodb === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
});
beforeEach(async () => {
  backends.zoom.reset();
  queue = new RecordingStartQueue(backends.clock);
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `start-failures-${backends.newMeetingId()}` }));
  failureQueueUrl = created.QueueUrl ?? '';
});

/**
 * One start worker container, built as its entry builds it: its own Zoom access and AWS clients,
 * the shared table (or `store`), queues and Zoom.
 */
function container(store?: MeetingStore) {
  const env = { ...backends.env, MEETINGS_TABLE: TABLE, START_FAILURE_QUEUE_URL: failureQueueUrl };
  return createStartWorkerHandler(lazy(() => startWorkerDeps(env, backends.overrides({ startQueue: queue, ...(store ? { store } : {}) }))));
}

const workerContext = () => lambdaContext('start-worker', 60_000);
/** What a schedule sends to the start queue; `queued` puts it in for deliverAll, else the test hands it over. */
function scheduleMessage(meetingId: string, extra: Record<string, unknown> = {}, queued = false): QueuedJob {
  const body = JSON.stringify({ meetingId, ...extra });
  return queued ? queue.put(body) : queue.message(body);
}

/** What a `meeting.started` webhook hands to the start queue for a registered meeting. */
function webhookMessage(meetingId: string, queued = false, settings?: Record<string, unknown>): QueuedJob {
  const now = backends.clock.now();
  const body = startJobMessage({
    target: { kind: 'meeting', id: meetingId },
    ...(settings ? { settings } : {}),
    origin: 'webhook',
    jobId: `webhook-${meetingId}-${now}`,
    firstAttemptAt: now,
    windowEndsAt: now + 15 * 60_000,
    notBefore: now - 60_000,
  });
  return queued ? queue.put(body) : queue.message(body);
}

async function parkedFailures() {
  const answer = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: failureQueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }),
  );
  return (answer.Messages ?? []).map((message) => ({
    body: message.Body ?? '',
    code: message.MessageAttributes?.errorCode?.StringValue,
    message: message.MessageAttributes?.errorMessage?.StringValue,
  }));
}

describe('a scheduled start', () => {
  it('starts the stream of a running meeting and deletes the message', async () => {
    const meetingId = backends.addLateMeeting(0);
    const message = scheduleMessage(meetingId);

    const answer = await container()(sqsEvent([message]), workerContext());

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(zoomCallsFor(backends.zoom, meetingId).acceptedPatches).toHaveLength(1);
    expect(queue.sent).toHaveLength(0);
  });

  it('of a waiting meeting is re-sent with a delay of at least 10 s, marked as known waiting, without waiting in the invocation', async () => {
    const meetingId = backends.addLateMeeting(60_000);
    const message = scheduleMessage(meetingId);
    const sleepsBefore = backends.clock.sleeps.length;

    const answer = await container()(sqsEvent([message]), workerContext());

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(backends.clock.sleeps.length).toBe(sleepsBefore);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]?.delaySeconds).toBeGreaterThanOrEqual(10);
    expect(JSON.parse(queue.sent[0]?.body ?? '{}')).toMatchObject({ meetingId, job: { knownWaiting: true } });
  });

  it('is continued by reading the status before any PATCH while the meeting still waits', async () => {
    const meetingId = backends.addLateMeeting(60_000);
    const worker = container();
    await worker(sqsEvent([scheduleMessage(meetingId)]), workerContext());
    const continuation = queue.takeNext() as QueuedJob;
    backends.clock.advance(continuation.dueAt - backends.clock.now());
    backends.zoom.clearRequests();

    await worker(sqsEvent([continuation]), workerContext());

    const calls = zoomCallsFor(backends.zoom, meetingId);
    expect(calls.statusReads).toHaveLength(1);
    expect(calls.patches).toHaveLength(0);
  });

  it('is continued until the meeting runs, then started once, reading the status no more often than every 10 s', async () => {
    const meetingId = backends.addLateMeeting(2 * 60_000);
    scheduleMessage(meetingId, {}, true);

    await deliverAll(queue, container(), backends.clock, workerContext);

    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, starts: 1 });
    const calls = zoomCallsFor(backends.zoom, meetingId);
    expect(calls.patches.map((r) => r.status)).toEqual([400, 204]);
    expect(shortestGap(calls.statusReads)).toBeGreaterThanOrEqual(10_000);
  });

  it('whose window passes is parked in the failure queue with MEETING_NOT_STARTED and its message as attributes', async () => {
    const meetingId = backends.addLateMeeting(undefined);
    scheduleMessage(meetingId, { startWindowMinutes: 1 }, true);

    const answers = await deliverAll(queue, container(), backends.clock, workerContext);

    expect(answers.every((answer) => answer.batchItemFailures.length === 0)).toBe(true);
    const failures = await parkedFailures();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'MEETING_NOT_STARTED', message: expect.stringContaining('start window') });
    expect(JSON.parse(failures[0]?.body ?? '{}')).toMatchObject({ meetingId });
  });
  it('starts a meeting that begins before its window ends, although the message waited in the queue a few seconds', async () => {
    // Sent 5 s before it was delivered: the 1-minute window ends 55 s from now; the meeting starts at 52 s.
    const meetingId = backends.addLateMeeting(52_000);
    queue.put(JSON.stringify({ meetingId, startWindowMinutes: 1 }), backends.clock.now() - 5000);

    await deliverAll(queue, container(), backends.clock, workerContext);

    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true });
    expect(await parkedFailures()).toEqual([]);
  });
});

describe('what the worker answers SQS', () => {
  it('reports only the record that may still succeed as a batch item failure', async () => {
    const running = backends.addLateMeeting(0);
    const justStarted = backends.addLateMeeting(0);
    // Started at Zoom by someone else 5 s ago: Zoom's 30-second rule refuses another start for now.
    const response = await fetch(`${backends.zoom.apiBaseUrl}/meetings/${justStarted}/livestream/status`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${backends.zoom.issueStaticToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'start' }),
    });
    expect(response.status).toBe(204);
    backends.clock.advance(5000);
    const ok = scheduleMessage(running);
    const rateLimited = scheduleMessage(justStarted);

    // 20 s leave no room to sit out Zoom's 30-second rule inside the invocation.
    const answer = await container()(sqsEvent([ok, rateLimited]), lambdaContext('start-worker', 20_000));

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: rateLimited.id }] });
    expect(await parkedFailures()).toEqual([]);
  });

  it('asks for a redelivery, parking nothing, while Zoom keeps answering 5xx', async () => {
    const meetingId = backends.addLateMeeting(0);
    const message = scheduleMessage(meetingId);
    backends.zoom.injectFaults(...Array.from({ length: 10 }, () => ({ type: 'status' as const, status: 503 })));

    const answer = await container()(sqsEvent([message]), workerContext());

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: message.id }] });
    expect(await parkedFailures()).toEqual([]);
  });

  it('parks a message that is not JSON in the failure queue as INVALID_REQUEST instead of retrying it', async () => {
    const message = queue.message('{"meetingId": "85746065432"');

    const answer = await container()(sqsEvent([message]), workerContext());

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(await parkedFailures()).toEqual([expect.objectContaining({ code: 'INVALID_REQUEST', body: message.body })]);
    expect(backends.zoom.apiRequests).toHaveLength(0);
  });
});

describe('a schedule start and a webhook start of the same meeting', () => {
  // moto's DynamoDB does not evaluate conditions atomically under concurrent writes (two
  // conditional updates of one item can both succeed), so containers racing share a memory store.
  it('arriving together in two containers start the stream once', async () => {
    const meetingId = backends.addLateMeeting(0);
    const [schedule, webhook] = [scheduleMessage(meetingId), webhookMessage(meetingId)];
    const table = new MemoryMeetingStore();

    await Promise.all([container(table)(sqsEvent([schedule]), workerContext()), container(table)(sqsEvent([webhook]), workerContext())]);
    await deliverAll(queue, container(table), backends.clock, workerContext);

    expect(zoomCallsFor(backends.zoom, meetingId).patches).toHaveLength(1);
    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, starts: 1 });
    expect(await parkedFailures()).toEqual([]);
  });

  it('arriving together for a meeting without a stream report one failure', async () => {
    const meetingId = backends.addLateMeeting(0, { streamConfigured: false });
    const [schedule, webhook] = [scheduleMessage(meetingId), webhookMessage(meetingId)];
    const table = new MemoryMeetingStore();

    await Promise.all([container(table)(sqsEvent([schedule]), workerContext()), container(table)(sqsEvent([webhook]), workerContext())]);
    await deliverAll(queue, container(table), backends.clock, workerContext);

    const failures = await parkedFailures();
    expect(failures).toHaveLength(1);
    expect(failures[0]?.code).toBe('STREAM_NOT_CONFIGURED');
    expect(zoomCallsFor(backends.zoom, meetingId).patches).toHaveLength(1);
  });

  it('start it once when the schedule waits for a late meeting and the webhook fires as it begins', async () => {
    const meetingId = backends.addLateMeeting(45_000);
    const worker = container();
    await worker(sqsEvent([scheduleMessage(meetingId)]), workerContext());
    backends.clock.advance(45_000);
    webhookMessage(meetingId, true);

    await deliverAll(queue, worker, backends.clock, workerContext);

    expect(zoomCallsFor(backends.zoom, meetingId).acceptedPatches).toHaveLength(1);
    expect(backends.zoom.meetingState(meetingId)).toMatchObject({ live: true, starts: 1 });
    expect(await parkedFailures()).toEqual([]);
  });

  it('start it once when the host started the meeting early: the schedule firing later does not start it again', async () => {
    const settings = { display_name: 'All hands', layout: 'speaker_view' };
    const meetingId = backends.addLateMeeting(0);
    await container()(sqsEvent([webhookMessage(meetingId, false, settings)]), workerContext());
    backends.clock.advance(2 * 60_000);

    const answer = await container()(sqsEvent([scheduleMessage(meetingId, { settings })]), workerContext());

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(zoomCallsFor(backends.zoom, meetingId).patches).toHaveLength(1);
    expect(await parkedFailures()).toEqual([]);
  });
});
