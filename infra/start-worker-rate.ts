/**
 * Each start worker container's share of the Zoom account's Light rate: the event source mapping
 * runs at most `maxConcurrency` containers at once, so pacing each at limit / concurrency keeps the
 * fleet under the limit with no shared counter. 5 % headroom absorbs timer jitter at second edges
 * and the odd API request of an operator.
 */
export const WORKER_RATE_HEADROOM = 0.95;

export function workerRatePerContainer(accountLimitPerSecond: number, maxConcurrency: number): number {
  return Math.floor(((accountLimitPerSecond * WORKER_RATE_HEADROOM) / maxConcurrency) * 1000) / 1000;
}
