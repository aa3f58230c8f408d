import type { Clock } from './clock';

/** Left unused at the end of an invocation, for answering and flushing logs. */
export const SAFETY_MARGIN_MS = 1000;
/** HTTP callers wait at most this long for Zoom: well inside API Gateway's 29 s, leaving room for a cold start. */
export const HTTP_BUDGET_MS = 10_000;
/** A wait is only worth it if at least this much time is left for the request after it. */
export const MIN_ATTEMPT_MS = 1000;
/** Below this, a request would time out before Zoom could answer: do not send it. */
export const MIN_REQUEST_MS = 250;

/** The time an invocation may spend on Zoom and AWS: what Lambda has left, less a margin. */
export class TimeBudget {
  private readonly deadline: number;

  constructor(
    private readonly clock: Clock,
    remainingMs: number,
  ) {
    this.deadline = clock.now() + remainingMs;
  }

  static forInvocation(clock: Clock, lambdaRemainingMs: number, http: boolean): TimeBudget {
    const usable = Math.max(0, lambdaRemainingMs - SAFETY_MARGIN_MS);
    return new TimeBudget(clock, http ? Math.min(usable, HTTP_BUDGET_MS) : usable);
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  /**
   * The timeout for the next network call: `capMs`, or what is left of the budget. Undefined when
   * too little is left to be worth sending anything.
   */
  requestTimeout(capMs: number): number | undefined {
    const remaining = this.remainingMs();
    return remaining < MIN_REQUEST_MS ? undefined : Math.min(capMs, remaining);
  }

  /** Whether waiting `waitMs` still leaves time for one more request. */
  allowsWait(waitMs: number): boolean {
    return waitMs + MIN_ATTEMPT_MS <= this.remainingMs();
  }
}
