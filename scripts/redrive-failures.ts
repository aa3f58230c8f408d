import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redrivenMessage } from '../functions/lib/use-cases/start-failures';

/**
 * `npm run failures:redrive`: moves every start parked in the start failure queue back onto the
 * start queue, each as a retry with a fresh start window (a parked start's window has passed).
 * START_FAILURE_QUEUE_URL and START_QUEUE_URL are the stack outputs of the same names; `--dry-run`
 * only says what it would move. A message is deleted from the failure queue only once it was sent.
 */
export async function redriveFailures(sqs: SQSClient, urls: { failureQueueUrl: string; startQueueUrl: string }, dryRun: boolean, log = console.log): Promise<{ moved: number; kept: number }> {
  let moved = 0;
  let kept = 0;
  for (;;) {
    const answer = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: urls.failureQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        // Long enough to move a batch; anything not moved is visible again after it.
        VisibilityTimeout: 60,
        MessageSystemAttributeNames: ['SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = answer.Messages ?? [];
    if (messages.length === 0) return { moved, kept };
    for (const message of messages) {
      const meta = { messageId: message.MessageId ?? randomUUID(), sentAt: Number(message.Attributes?.SentTimestamp) || Date.now() };
      const error = message.MessageAttributes?.errorCode?.StringValue ?? 'no error code';
      const next = redrivenMessage(message.Body ?? '', meta, Date.now(), `retry-${randomUUID()}`);
      if (!next) {
        kept += 1;
        log(`kept ${meta.messageId} (${error}): not a start queue message`);
        continue;
      }
      moved += 1;
      log(`${dryRun ? 'would move' : 'moved'} ${meta.messageId} (${error})`);
      if (dryRun) continue;
      await sqs.send(new SendMessageCommand({ QueueUrl: urls.startQueueUrl, MessageBody: next.body }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: urls.failureQueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    // A dry run sees each message once: they stay invisible for the rest of this run.
  }
}

async function main(): Promise<void> {
  const failureQueueUrl = process.env.START_FAILURE_QUEUE_URL;
  const startQueueUrl = process.env.START_QUEUE_URL;
  if (!failureQueueUrl || !startQueueUrl) {
    throw new Error('set START_FAILURE_QUEUE_URL and START_QUEUE_URL (the stack outputs StartFailureQueueUrl and StartQueueUrl)');
  }
  const dryRun = process.argv.includes('--dry-run');
  const sqs = new SQSClient({});
  const { moved, kept } = await redriveFailures(sqs, { failureQueueUrl, startQueueUrl }, dryRun);
  console.log(`${dryRun ? 'would move' : 'moved'} ${moved} start${moved === 1 ? '' : 's'}; kept ${kept}`);
  sqs.destroy();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
