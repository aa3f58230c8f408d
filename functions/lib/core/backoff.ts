export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** Zoom requests per invocation, first one included. */
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 8000, maxAttempts: 6 };

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(cap, base·2^(attempt-1))), which
 * spreads out many containers retrying against the same Zoom account at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
