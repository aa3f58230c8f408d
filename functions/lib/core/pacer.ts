import type { Clock } from './clock';

/**
 * Spaces calls evenly at `perSecond`: each `take()` resolves at the next free slot. Evenly spaced
 * requests stay under a per-second limit whatever second boundaries the other side counts in, which
 * a counter per second of our own clock would not.
 */
export class Pacer {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    perSecond: number,
  ) {
    if (!(perSecond > 0)) throw new Error(`a pacer needs a positive rate, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }
}
