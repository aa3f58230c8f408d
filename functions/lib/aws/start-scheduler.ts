import type { TimeBudget } from '../core/time-budget';

/** A one-time start: deliver `message` to the start queue at `at`. */
export interface ScheduledStart {
  /** Unique per target and occurrence, at most 64 characters. */
  readonly name: string;
  /** Epoch ms. */
  readonly at: number;
  /** The meeting's IANA time zone: the schedule is expressed in its wall-clock time. */
  readonly timezone: string;
  /** A start job message (`startJobMessage`). */
  readonly message: string;
}

/**
 * Arranges starts at times read from Zoom: one-time EventBridge Scheduler schedules in the stack's
 * group (deleted by Scheduler once they fire), timers in a process without AWS.
 */
export interface StartScheduler {
  arm(start: ScheduledStart, budget: TimeBudget): Promise<void>;
  /** Removes a schedule; one that already fired or never existed is fine. */
  disarm(name: string, budget: TimeBudget): Promise<void>;
}
