import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { StartQueue } from '../../functions/lib/use-cases/ports';
import type { TimeBudget } from '../../functions/lib/core/time-budget';
import type { FakeClock } from './fake-clock';

/** A message as SQS would hold it: sent at `sentAt`, visible from `dueAt`. */
export interface QueuedJob {
  readonly id: string;
  readonly body: string;
  readonly delaySeconds: number;
  readonly sentAt: number;
  readonly dueAt: number;
  readonly receiveCount: number;
}

/**
 * The start queue as SQS would be to the functions: it only keeps what was sent and when it becomes
 * visible; `deliverAll` plays SQS's part of invoking the worker with it.
 */
export class RecordingStartQueue implements StartQueue {
  readonly sent: QueuedJob[] = [];
  private readonly waiting: QueuedJob[] = [];

  constructor(private readonly clock: FakeClock) {}

  async send(body: string, delaySeconds: number, _budget: TimeBudget): Promise<void> {
    // SQS takes whole seconds, at most 900.
    const delay = Math.min(900, Math.max(0, Math.ceil(delaySeconds)));
    const job = { id: randomUUID(), body, delaySeconds, sentAt: this.clock.now(), dueAt: this.clock.now() + delay * 1000, receiveCount: 1 };
    this.sent.push(job);
    this.waiting.push(job);
  }

  /** A message as a schedule (or anyone) sends it, visible now; not queued (hand it to the worker yourself). */
  message(body: string, sentAt = this.clock.now()): QueuedJob {
    return { id: randomUUID(), body, delaySeconds: 0, sentAt, dueAt: this.clock.now(), receiveCount: 1 };
  }

  /** Puts a message in as a schedule (or anyone) would, visible now, for `deliverAll`. */
  put(body: string, sentAt = this.clock.now()): QueuedJob {
    const job = this.message(body, sentAt);
    this.waiting.push(job);
    return job;
  }

  /** The message that becomes visible first, taken off the queue. */
  takeNext(): QueuedJob | undefined {
    this.waiting.sort((a, b) => a.dueAt - b.dueAt);
    return this.waiting.shift();
  }

  /** Back into the queue, visible again after `visibilityMs` (a batch item failure). */
  returnForRetry(job: QueuedJob, visibilityMs: number): void {
    this.waiting.push({ ...job, dueAt: this.clock.now() + visibilityMs, receiveCount: job.receiveCount + 1 });
  }

  get size(): number {
    return this.waiting.length;
  }
}

export type WorkerHandler = (event: unknown, context?: Context) => Promise<SQSBatchResponse>;

/** The event Lambda's SQS event source hands the worker for these messages. */
export function sqsEvent(jobs: readonly Pick<QueuedJob, 'id' | 'body' | 'sentAt' | 'receiveCount'>[]): SQSEvent {
  return {
    Records: jobs.map(
      (job): SQSRecord => ({
        messageId: job.id,
        receiptHandle: `handle-${job.id}`,
        body: job.body,
        attributes: {
          ApproximateReceiveCount: String(job.receiveCount),
          SentTimestamp: String(job.sentAt),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(job.sentAt),
        },
        messageAttributes: {},
        md5OfBody: 'not-checked',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:zoom-livestream-start',
        awsRegion: 'us-east-1',
      }),
    ),
  };
}

/**
 * Delivers messages one at a time in the order they become visible, moving the fake clock to each
 * one's time, until the queue is empty or `maxDeliveries` were made. Returns what each invocation answered.
 */
export async function deliverAll(
  queue: RecordingStartQueue,
  worker: WorkerHandler,
  clock: FakeClock,
  context: () => Context,
  maxDeliveries = 500,
): Promise<SQSBatchResponse[]> {
  const answers: SQSBatchResponse[] = [];
  for (let i = 0; i < maxDeliveries; i += 1) {
    const job = queue.takeNext();
    if (!job) break;
    if (job.dueAt > clock.now()) clock.advance(job.dueAt - clock.now());
    const answer = await worker(sqsEvent([job]), context());
    answers.push(answer);
    if (answer.batchItemFailures.some((failure) => failure.itemIdentifier === job.id)) queue.returnForRetry(job, 360_000);
  }
  return answers;
}
