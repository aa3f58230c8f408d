import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { ConflictError, NotFoundError } from '../core/errors';
import { retryIsPending, type StartFailure } from '../core/start-failure';
import { describeTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { FailureStore, MeetingStore, StartQueue } from './ports';
import { parseQueueMessage, retryJob, startFailure, startJobMessage } from './start-job';

export interface RetryDeps {
  readonly failures: FailureStore;
  readonly store: MeetingStore;
  readonly startQueue: StartQueue;
  readonly clock: Clock;
  readonly newJobId?: () => string;
}

/**
 * Puts a failed start back on the start queue with a fresh window and origin `retry`. A failure
 * whose last retry is still pending is refused (409), so that a double click starts nothing twice;
 * once that retry settled (or its window passed) the failure may be retried again.
 */
export async function retryStartFailure(failureId: string, deps: RetryDeps, budget: TimeBudget): Promise<{ failureId: string; jobId: string }> {
  const failure = await deps.failures.get(failureId, budget);
  if (!failure) throw new NotFoundError(`failure "${failureId}" is not known (failures are kept 14 days)`);
  const now = deps.clock.now();
  if (failure.retry) {
    const claim = (await deps.store.get(failure.target, budget))?.startClaim;
    if (retryIsPending(failure, claim, now)) throw pendingRetry(failure);
  }
  const job = retryJob(failure, `retry-${(deps.newJobId ?? randomUUID)()}`, now);
  const won = await deps.failures.setRetry(failureId, { jobId: job.jobId, at: now, windowEndsAt: job.windowEndsAt }, failure.retry?.jobId, budget);
  if (!won) throw pendingRetry(failure);
  await deps.startQueue.send(startJobMessage(job), 0, budget);
  return { failureId, jobId: job.jobId };
}

const pendingRetry = (failure: StartFailure): ConflictError =>
  new ConflictError(`failure "${failure.failureId}" is being retried already; its result shows in the listing of ${describeTarget(failure.target)}`);

/**
 * What a message parked in the start failure queue becomes when redriven: a start job is retried
 * as a new job (origin `retry`, a fresh window, its settings; a parked job's window has passed);
 * a meeting change goes back as it was. A body that is no message of the start queue at all stays
 * parked (undefined): sending it again would only park it again.
 */
export function redrivenMessage(body: string, meta: { messageId: string; sentAt: number }, now: number, jobId: string): { body: string; failureId?: string } | undefined {
  let parsed;
  try {
    parsed = parseQueueMessage(body, meta);
  } catch {
    return undefined;
  }
  if (parsed.kind === 'change') return { body };
  const failure = startFailure(parsed.job, { code: 'REDRIVE', message: 'redriven from the start failure queue' }, now, 0);
  return { body: startJobMessage(retryJob(failure, jobId, now)), failureId: failure.failureId };
}
