import type { Clock } from '../../functions/lib/core/clock';

/** A clock whose sleep returns at once and moves time forward, recording each wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.UTC(2026, 10, 26, 8, 55)) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
