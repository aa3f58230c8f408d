import { randomUUID } from 'node:crypto';
import type { Clock } from '../functions/lib/core/clock';
import { MAX_DELAY_SECONDS, type FailureQueue, type StartQueue } from '../functions/lib/use-cases/ports';

const BACKGROUND = { background: true } as const;

export interface QueuedMessage {
  readonly id: string;
  readonly body: string;
  /** Epoch ms it was first sent (SQS's SentTimestamp). */
  readonly sentAt: number;
  /** 1 on first delivery (SQS's ApproximateReceiveCount). */
  readonly receiveCount: number;
}

/** Handles one message; resolves false to have it delivered again later, as SQS would. */
export type MessageConsumer = (message: QueuedMessage) => Promise<boolean>;

export interface InProcessQueueOptions {
  readonly clock: Clock;
  /** Deliveries before a message counts as failed for good (SQS's maxReceiveCount). @default 3 */
  readonly maxReceiveCount?: number;
  /** Wait before a failed message is delivered again (SQS's visibility timeout). @default 30000 */
  readonly redeliveryDelayMs?: number;
  /** Messages that failed every delivery. */
  readonly onDeadLetter?: (message: QueuedMessage) => void;
}

/**
 * The start queue inside one process: `npm start`, tests and benches (a Lambda without
 * `START_QUEUE_URL` refuses hand-offs instead). Delays and redeliveries follow SQS's rules on the
 * given clock, so a fake clock runs them at once. Work continues after the sender's answer, which is
 * the point of handing off; a wait for a redelivery does not by itself keep the process alive.
 */
export class InProcessStartQueue implements StartQueue {
  private consumer?: MessageConsumer;
  private readonly pending = new Set<Promise<void>>();
  /** Messages sent so far; tests and benchmarks count them. */
  sent = 0;

  constructor(private readonly options: InProcessQueueOptions) {}

  /** Who handles the messages; without one, messages wait until it is set. */
  consume(consumer: MessageConsumer): void {
    this.consumer = consumer;
  }

  /** Whether a consumer handles the messages already (several runtimes of a process share one queue). */
  get consumed(): boolean {
    return this.consumer !== undefined;
  }

  async send(body: string, delaySeconds: number): Promise<void> {
    this.sent += 1;
    const delayMs = Math.min(MAX_DELAY_SECONDS, Math.max(0, delaySeconds)) * 1000;
    this.track(this.deliver({ id: randomUUID(), body, sentAt: this.options.clock.now(), receiveCount: 1 }, delayMs));
  }

  /** Deliveries before a message counts as failed for good. */
  get maxReceiveCount(): number {
    return this.options.maxReceiveCount ?? 3;
  }

  /** Resolves once every message sent so far, and everything they sent in turn, has been handled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async deliver(message: QueuedMessage, delayMs: number): Promise<void> {
    await this.options.clock.sleep(delayMs, BACKGROUND);
    while (!this.consumer) await this.options.clock.sleep(100, BACKGROUND);
    let done = false;
    try {
      done = await this.consumer(message);
    } catch {
      done = false;
    }
    if (done) return;
    if (message.receiveCount >= this.maxReceiveCount) {
      this.options.onDeadLetter?.(message);
      return;
    }
    this.track(this.deliver({ ...message, receiveCount: message.receiveCount + 1 }, this.options.redeliveryDelayMs ?? 30_000));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}

/** Failed jobs kept in memory with their errors; `npm start` prints them. */
export class InProcessFailureQueue implements FailureQueue {
  readonly messages: { body: string; code: string; message: string }[] = [];

  constructor(private readonly onMessage?: (entry: { body: string; code: string; message: string }) => void) {}

  async send(body: string, failure: { code: string; message: string }): Promise<void> {
    const entry = { body, ...failure };
    this.messages.push(entry);
    this.onMessage?.(entry);
  }
}
