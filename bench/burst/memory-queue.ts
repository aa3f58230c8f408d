import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse } from 'aws-lambda';
import type { PollOptions, WorkerHandler } from './sqs-poller';
import { lambdaContext } from '../../local/lambda-context';

interface Held {
  readonly id: string;
  readonly body: string;
  readonly sentAt: number;
  receives: number;
  visibleAt: number;
}

/**
 * An SQS queue in this process (receive a batch, delete, visibility timeout), for telling the
 * design's makespan apart from the emulator's: moto's ReceiveMessage takes 200–350 ms per call with a
 * few hundred messages queued, which AWS answers in milliseconds.
 */
export class MemoryQueue {
  private readonly messages: Held[] = [];

  constructor(private readonly visibilityMs: number) {}

  send(bodies: readonly string[]): void {
    const now = Date.now();
    for (const body of bodies) this.messages.push({ id: randomUUID(), body, sentAt: now, receives: 0, visibleAt: now });
  }

  get depth(): number {
    return this.messages.length;
  }

  receive(max: number): Held[] {
    const now = Date.now();
    const batch = this.messages.filter((message) => message.visibleAt <= now).slice(0, max);
    for (const message of batch) {
      message.receives += 1;
      message.visibleAt = now + this.visibilityMs;
    }
    return batch;
  }

  delete(ids: ReadonlySet<string>): void {
    for (let i = this.messages.length - 1; i >= 0; i -= 1) if (ids.has((this.messages[i] as Held).id)) this.messages.splice(i, 1);
  }
}

/** pollInto's twin for the in-process queue. */
export async function pollMemory(queue: MemoryQueue, handler: WorkerHandler, options: PollOptions): Promise<void> {
  while (!options.shouldStop()) {
    const batch = queue.receive(options.batchSize);
    if (batch.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const started = performance.now();
    const result: SQSBatchResponse = await handler(
      {
        Records: batch.map((message) => ({
          messageId: message.id,
          receiptHandle: message.id,
          body: message.body,
          attributes: { ApproximateReceiveCount: String(message.receives), SentTimestamp: String(message.sentAt), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(message.sentAt) },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench-start',
          awsRegion: 'us-east-1',
        })),
      },
      lambdaContext('bench-start-worker', options.functionTimeoutMs),
    );
    options.onInvoke?.(performance.now() - started, batch.length);
    const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    queue.delete(new Set(batch.map((message) => message.id).filter((id) => !failed.has(id))));
  }
}
