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
 * Lambda's SQS event source mapping in miniature: a few pollers long-poll the queue for batches, as
 * Lambda's do apart from the function's containers, and hand each batch to a free container (at
 * most the mapping's maximum concurrency); what succeeded is deleted after, what the handler
 * reports as failed becomes visible again after the visibility timeout (ReportBatchItemFailures).
 */
export class EventSourceMapping {
  private readonly batches: Message[][] = [];
  private readonly waiting: ((batch: Message[] | undefined) => void)[] = [];
  private readonly deletions: Promise<unknown>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly options: Omit<PollOptions, 'onInvoke'> & { readonly pollers: number; readonly buffered: number },
  ) {}

  /** Runs the pollers until `shouldStop`; resolves when they and the deletions are done. */
  async poll(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.pollers }, () => this.pollLoop()));
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    await Promise.all(this.deletions);
  }

  /** Feeds one container until the mapping stops. */
  async feed(handler: WorkerHandler, onInvoke?: (ms: number, records: number) => void): Promise<void> {
    for (;;) {
      const batch = await this.next();
      if (!batch) return;
      const started = performance.now();
      const result = await handler(sqsEvent(this.queueUrl, batch), lambdaContext('bench-start-worker', this.options.functionTimeoutMs));
      onInvoke?.(performance.now() - started, batch.length);
      const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
      const done = batch.filter((message) => !failed.has(message.MessageId as string));
      if (done.length > 0) {
        this.deletions.push(
          this.sqs.send(
            new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: done.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })) }),
          ),
        );
      }
    }
  }

  private async pollLoop(): Promise<void> {
    while (!this.options.shouldStop()) {
      if (this.batches.length >= this.options.buffered) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const answer = await this.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: this.options.batchSize, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
      );
      const batch = answer.Messages ?? [];
      if (batch.length === 0) continue;
      const waiter = this.waiting.shift();
      if (waiter) waiter(batch);
      else this.batches.push(batch);
    }
  }

  private next(): Promise<Message[] | undefined> {
    const batch = this.batches.shift();
    if (batch) return Promise.resolve(batch);
    if (this.options.shouldStop()) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
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
