import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../local/lambda-context';

export type WorkerHandler = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse>;

export interface PollOptions {
  readonly batchSize: number;
  readonly functionTimeoutMs: number;
  readonly shouldStop: () => boolean;
  readonly onInvoke?: (ms: number, records: number) => void;
}

/**
 * One concurrency slot of Lambda's SQS event source mapping feeding one container. As Lambda's
 * pollers do, the next batch is received while the function works on the current one, and what
 * succeeded is deleted after it without holding the container; what the handler reports as failed
 * becomes visible again after the queue's visibility timeout (ReportBatchItemFailures).
 */
export async function pollInto(sqs: SQSClient, queueUrl: string, handler: WorkerHandler, options: PollOptions): Promise<void> {
  const receive = () =>
    sqs
      .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: options.batchSize, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }))
      .then((answer) => answer.Messages ?? []);
  const deletions: Promise<unknown>[] = [];
  let next = receive();
  while (!options.shouldStop()) {
    const messages = await next;
    next = receive();
    if (messages.length === 0) continue;
    const started = performance.now();
    const result = await handler(sqsEvent(queueUrl, messages), lambdaContext('bench-start-worker', options.functionTimeoutMs));
    options.onInvoke?.(performance.now() - started, messages.length);
    const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    const done = messages.filter((message) => !failed.has(message.MessageId as string));
    if (done.length > 0) {
      deletions.push(
        sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })) })),
      );
    }
  }
  await Promise.all([next, ...deletions]);
}

function sqsEvent(queueUrl: string, messages: readonly Message[]): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId as string,
      receiptHandle: message.ReceiptHandle as string,
      body: message.Body as string,
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'bench',
        ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split('/').pop()}`,
      awsRegion: 'us-east-1',
    })),
  };
}
