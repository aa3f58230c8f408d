import type { Fault, FaultTarget } from './types';

/** Scripted faults, one queue per endpoint, each taken by the next request to that endpoint. */
export class FaultQueue {
  private readonly queues: Record<FaultTarget, Fault[]> = { livestream: [], livestreamConfig: [], meeting: [], token: [] };

  push(...faults: Fault[]): void {
    for (const fault of faults) this.queues[fault.target ?? 'livestream'].push(fault);
  }

  take(target: FaultTarget): Fault | undefined {
    return this.queues[target].shift();
  }

  /** Faults still queued for one target, or for all. */
  pending(target?: FaultTarget): number {
    if (target) return this.queues[target].length;
    return Object.values(this.queues).reduce((sum, queue) => sum + queue.length, 0);
  }

  clear(): void {
    for (const queue of Object.values(this.queues)) queue.length = 0;
  }
}

/** Default answer bodies, worded like Zoom's own. */
export function faultStatusBody(status: number): { code: number; message: string } {
  switch (status) {
    case 500:
      return { code: 500, message: 'Internal Server Error.' };
    case 502:
      return { code: 502, message: 'Bad Gateway.' };
    case 503:
      return { code: 503, message: 'Service Unavailable.' };
    case 504:
      return { code: 504, message: 'Gateway Timeout.' };
    default:
      return { code: status, message: `Simulated error ${status}.` };
  }
}

export const RATE_LIMIT_BODY = {
  code: 429,
  message: "You have reached the maximum per-second rate limit for this API. Try again later.",
};
