import type { StartFailure } from '../core/start-failure';
import type { TimeBudget } from '../core/time-budget';

/** Where each new start failure is announced: the stack's notification topic (SNS), when it has one. */
export interface FailureNotifier {
  notify(failure: StartFailure, budget: TimeBudget): Promise<void>;
}
