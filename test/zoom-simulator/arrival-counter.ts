/** Busiest simulator-clock second so far: benchmarks check a client stays under Zoom's limits. */
export class ArrivalCounter {
  private readonly perSecond = new Map<number, number>();
  private busiest = 0;

  add(now: number): void {
    const second = Math.floor(now / 1000);
    const count = (this.perSecond.get(second) ?? 0) + 1;
    this.perSecond.set(second, count);
    if (count > this.busiest) this.busiest = count;
  }

  get max(): number {
    return this.busiest;
  }

  clear(): void {
    this.perSecond.clear();
    this.busiest = 0;
  }
}
