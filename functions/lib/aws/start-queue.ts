import type { TimeBudget } from '../core/time-budget';

/**
 * Where starts that nobody waits for are handed off: the start queue in AWS (SQS, drained by the
 * start worker with bounded concurrency), an in-process queue elsewhere.
 */
export interface StartQueue {
  /** Sends a job message (see `startJobMessage`), delivered after `delaySeconds` (at most 900). */
  send(body: string, delaySeconds: number, budget: TimeBudget): Promise<void>;
}

/** Where a job that can never succeed is parked with its error, for a person to read. */
export interface FailureQueue {
  send(body: string, failure: { code: string; message: string }, budget: TimeBudget): Promise<void>;
}

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;
