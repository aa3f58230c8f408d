import { RATE_LIMIT_BODY } from './faults';
import type { Reply } from './reply';

export type RateDecision =
  | { readonly allowed: true; readonly headers: Readonly<Record<string, string>> }
  | { readonly allowed: false; readonly reply: Reply };

/**
 * Zoom's per-second "Light" limit: a fixed window per simulator-clock second, shared by every app of
 * an account. Refused requests count too, as they reach Zoom all the same.
 */
export class LightRateLimiter {
  private readonly windows = new Map<string, { second: number; count: number }>();
  private refused = 0;

  constructor(private perSecond: number | undefined) {}

  setLimit(perSecond: number | undefined): void {
    this.perSecond = perSecond;
  }

  get limit(): number | undefined {
    return this.perSecond !== undefined && Number.isFinite(this.perSecond) ? this.perSecond : undefined;
  }

  /** 429s this limiter answered since start or `clear()`. */
  get refusedCount(): number {
    return this.refused;
  }

  take(account: string, now: number): RateDecision {
    const limit = this.limit;
    if (limit === undefined) return { allowed: true, headers: {} };
    const second = Math.floor(now / 1000);
    const window = this.windows.get(account);
    const count = window && window.second === second ? window.count + 1 : 1;
    this.windows.set(account, { second, count });
    if (count <= limit) {
      return {
        allowed: true,
        headers: { 'X-RateLimit-Category': 'Light', 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(limit - count) },
      };
    }
    this.refused += 1;
    // Zoom sends no Retry-After for per-second limits: the client is expected to back off itself.
    return {
      allowed: false,
      reply: {
        status: 429,
        body: RATE_LIMIT_BODY,
        headers: {
          'X-RateLimit-Category': 'Light',
          'X-RateLimit-Type': 'QPS',
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': '0',
        },
      },
    };
  }

  clear(): void {
    this.windows.clear();
    this.refused = 0;
  }
}
