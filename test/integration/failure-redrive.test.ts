import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseQueueMessage } from '../../functions/lib/use-cases/start-job';
import { redriveFailures } from '../../scripts/redrive-failures';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto, type MotoServer } from '../support/moto';

/** `npm run failures:redrive` against SQS on moto: parked starts go back as retries, the rest stays. */
let moto: MotoServer;
let sqs: SQSClient;
let queues = 0;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});
afterAll(async () => {
  sqs.destroy();
  await moto.stop();
});

async function queuePair() {
  queues += 1;
  const create = async (name: string) => (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${queues}` }))).QueueUrl ?? '';
  return { failureQueueUrl: await create('failures'), startQueueUrl: await create('start') };
}

async function bodies(queueUrl: string): Promise<string[]> {
  const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (answer.Messages ?? []).map((message) => message.Body ?? '');
}

it('moves a parked start back as a retry with a fresh window, and keeps what is no start message', async () => {
  const urls = await queuePair();
  await sqs.send(new SendMessageCommand({ QueueUrl: urls.failureQueueUrl, MessageBody: JSON.stringify({ meetingId: '83456789012', settings: { layout: 'gallery_view' } }) }));
  await sqs.send(new SendMessageCommand({ QueueUrl: urls.failureQueueUrl, MessageBody: 'not json' }));
  const before = Date.now();

  const result = await redriveFailures(sqs, urls, false, () => undefined);

  expect(result).toEqual({ moved: 1, kept: 1 });
  const [moved, ...others] = await bodies(urls.startQueueUrl);
  expect(others).toEqual([]);
  const job = parseQueueMessage(moved ?? '', { messageId: 'm', sentAt: Date.now() });
  expect(job).toMatchObject({ kind: 'start', job: { target: { kind: 'meeting', id: '83456789012' }, origin: 'retry', settings: { layout: 'gallery_view' } } });
  if (job.kind !== 'start') throw new Error('expected a start');
  expect(job.job.firstAttemptAt).toBeGreaterThanOrEqual(before);
  expect(job.job.windowEndsAt - job.job.firstAttemptAt).toBe(15 * 60_000);
});

it('moves nothing on a dry run', async () => {
  const urls = await queuePair();
  await sqs.send(new SendMessageCommand({ QueueUrl: urls.failureQueueUrl, MessageBody: JSON.stringify({ meetingId: '83456789013' }) }));
  const lines: string[] = [];

  const result = await redriveFailures(sqs, urls, true, (line) => lines.push(line));

  expect(result).toEqual({ moved: 1, kept: 0 });
  expect(lines).toEqual([expect.stringMatching(/^would move /)]);
  expect(await bodies(urls.startQueueUrl)).toEqual([]);
});
