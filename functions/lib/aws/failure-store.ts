import type { Page, PageRequest } from '../core/listing';
import type { FailureRetry, StartFailure } from '../core/start-failure';
import type { TimeBudget } from '../core/time-budget';

/**
 * Where start failures are kept for the operator, FAILURE_RETENTION_DAYS each: the meetings table
 * in AWS (`failure#…` items, removed by its TTL), memory elsewhere. Listing reads only: nothing is
 * consumed or hidden by looking.
 */
export interface FailureStore {
  /** Records a failure; resolves false when one with its id was recorded before (nothing changes). */
  record(failure: StartFailure, budget: TimeBudget): Promise<boolean>;
  get(failureId: string, budget: TimeBudget): Promise<StartFailure | undefined>;
  /**
   * Sets the failure's retry, only if its retry is still `previous` (the job id read before, or
   * undefined for none): resolves false when another retry got there first.
   */
  setRetry(failureId: string, retry: FailureRetry, previous: string | undefined, budget: TimeBudget): Promise<boolean>;
  /** Newest failure first. */
  list(request: PageRequest, budget: TimeBudget): Promise<Page<StartFailure>>;
}
