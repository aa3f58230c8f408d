import { logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { StartQueue, ScheduledStart, StartScheduler } from '../use-cases/ports';
import { TimeBudget } from '../core/time-budget';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Starts at Zoom's times inside one process (`npm start`, tests): a timer per armed start that
 * sends its message to the start queue when it fires, as a one-time schedule would.
 */
export class TimerStartScheduler implements StartScheduler {
  private readonly armed = new Map<string, { at: number; cancelled: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly queue: StartQueue,
  ) {}

  async arm(start: ScheduledStart): Promise<void> {
    this.cancel(start.name);
    const entry = { at: start.at, cancelled: false };
    this.armed.set(start.name, entry);
    void this.fireAt(entry, start);
  }

  async disarm(name: string): Promise<void> {
    this.cancel(name);
  }

  private async fireAt(entry: { at: number; cancelled: boolean }, start: ScheduledStart): Promise<void> {
    // Node's timers cannot wait longer than about 24.8 days at once.
    while (!entry.cancelled && this.clock.now() < entry.at) await this.clock.sleep(Math.min(entry.at - this.clock.now(), DAY_MS));
    if (entry.cancelled) return;
    this.armed.delete(start.name);
    await this.queue.send(start.message, 0, new TimeBudget(this.clock, 10_000)).catch((error: unknown) =>
      // Nothing else would tell: a timer has no caller to answer and no dead-letter queue.
      logger.error('an armed start could not be handed to the start queue', {
        schedule: start.name,
        errorMessage: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** Armed starts by name and epoch ms, for `npm start`'s log and tests. */
  pending(): ReadonlyMap<string, number> {
    return new Map([...this.armed].map(([name, entry]) => [name, entry.at]));
  }

  private cancel(name: string): void {
    const entry = this.armed.get(name);
    if (entry) entry.cancelled = true;
    this.armed.delete(name);
  }
}
