import type { Clock } from '../../functions/lib/core/clock';

/**
 * A clock that moves only when the test moves it. Unlike `FakeClock`, `sleep` does not advance time:
 * it resolves once the test has advanced the clock past the sleeper's deadline, so a test decides
 * when a timer (an armed start, a delayed queue message) fires. `sleep(0)` resolves at once.
 */
export class ManualClock implements Clock {
  private time: number;
  private sleepers: { until: number; wake: () => void }[] = [];

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => this.sleepers.push({ until: this.time + ms, wake: resolve }));
  }

  /** Sleepers still waiting for time to move. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  /** Moves the clock forward to `ms` (never back) and wakes every sleeper due by then. */
  async advanceTo(ms: number): Promise<void> {
    if (ms < this.time) throw new Error(`the manual clock only moves forward (now ${new Date(this.time).toISOString()})`);
    this.time = ms;
    const due = this.sleepers.filter((sleeper) => sleeper.until <= ms).sort((a, b) => a.until - b.until);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > ms);
    for (const sleeper of due) sleeper.wake();
    // Let what the sleepers continue with get going before the test looks.
    await new Promise((resolve) => setImmediate(resolve));
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.time + ms);
  }
}
