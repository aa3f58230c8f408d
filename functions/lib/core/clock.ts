/** Time and waiting, passed in so that tests can run Zoom's 30-second waits without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, options?: SleepOptions): Promise<void>;
}

export interface SleepOptions {
  /**
   * The wait alone does not keep the process alive: an in-process queue's redelivery, which a local
   * server outlives anyway, should not hold a finished test run or bench open until it fires.
   */
  readonly background?: boolean;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, options) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      if (options?.background) timer.unref();
    }),
};

/**
 * The wall-clock time (`YYYY-MM-DDThh:mm:ss`) of an instant in an IANA time zone: what EventBridge
 * Scheduler's `at(…)` takes together with `ScheduleExpressionTimezone`.
 */
export function wallClockTime(instantMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Whether Intl knows the zone (Zoom sends IANA names; anything else falls back to UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
