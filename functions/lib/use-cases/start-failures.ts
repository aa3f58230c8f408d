import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { ConflictError, NotFoundError } from '../core/errors';
import { logger } from '../core/logger';
import { retryIsPending, retryJob, startFailure, type StartFailure } from '../core/start-failure';
import { startJobMessage, type StartJob } from '../core/start-job';
import { describeTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { FailureNotifier } from './ports';
import type { FailureStore } from './ports';
import type { MeetingStore } from './ports';
import type { StartQueue } from './ports';

export interface RecordFailureDeps {
  readonly failures: FailureStore;
  readonly notifier?: FailureNotifier;
  readonly clock: Clock;
}

/**
 * Records a start job that ended failed and announces it, once: a second delivery of the same
 * message finds the record and announces nothing. A notice that cannot be published is logged,
 * never allowed to undo the record (the console still lists the failure).
 */
export async function recordStartFailure(
  job: StartJob,
  error: { code: string; message: string },
  attempts: number,
  deps: RecordFailureDeps,
  budget: TimeBudget,
): Promise<StartFailure | undefined> {
  const failure = startFailure(job, error, deps.clock.now(), attempts);
  if (!(await deps.failures.record(failure, budget))) return undefined;
  if (deps.notifier) {
    try {
      await deps.notifier.notify(failure, budget);
    } catch (notifyError) {
      logger.error('start failure recorded but its notice was not published', {
        failureId: failure.failureId,
        target: describeTarget(failure.target),
        errorMessage: notifyError instanceof Error ? notifyError.message : String(notifyError),
      });
    }
  }
  return failure;
}

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

