import type { Clock } from '../core/clock';
import { ZoomRefusedCredentialsError, LiveStreamError, MissingScopeError, RateLimitedError, TokenRejectedError, ZoomUnavailableError, type ZoomDetail } from '../core/errors';
import type { TimeBudget } from '../core/time-budget';
import { newProgress, type Progress } from '../core/logger';
import type { TokenProvider } from './token-provider';

export interface ZoomCallDeps {
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  /** Upper bound for one network call (token exchange or Zoom request); the budget may make it shorter. */
  readonly requestTimeoutMs: number;
  readonly onRetry?: (attempt: number, waitMs: number, error: Error) => void;
  /** Waits for this container's share of the account's Zoom rate (the start worker); none elsewhere. */
  readonly pace?: () => Promise<void>;
}


/** Turns an error into the call's result instead of retrying or throwing it (e.g. "already started"). */
export type Settle<T> = (error: Error, progress: Progress) => T | undefined;

/**
 * Runs one Zoom operation with a bearer token: a refused token is renewed once, transient failures
 * are retried with backoff and Zoom's 429 waits are honoured, but only while the time budget allows;
 * otherwise the last error is thrown at once so the caller can answer (or Lambda can retry) in time.
 */
export async function callZoom<T>(
  operation: (token: string, timeoutMs: number) => Promise<T>,
  budget: TimeBudget,
  deps: ZoomCallDeps,
  progress: Progress = newProgress(),
  settle?: Settle<T>,
): Promise<T> {
  const timeout = () => {
    const ms = budget.requestTimeout(deps.requestTimeoutMs);
    if (ms === undefined) throw new ZoomUnavailableError('the time budget ran out before Zoom answered');
    return ms;
  };
  let refreshedToken = false;
  for (;;) {
    progress.attempts += 1;
    let token: string | undefined;
    try {
      // Each call gets what is left of the budget, so the token exchange and the request together
      // cannot take longer than the budget.
      token = await deps.tokens.get(timeout());
      const sentWith = token;
      await deps.pace?.();
      return await operation(sentWith, timeout()).catch((error: unknown) => {
        if (error instanceof ZoomUnavailableError && error.mayHaveApplied) progress.mayHaveApplied = true;
        throw error;
      });
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        progress.zoom = error.zoom;
        if (token !== undefined) deps.tokens.invalidate(token);
        if (refreshedToken) {
          throw new ZoomRefusedCredentialsError(
            `Zoom refused the credentials even with a new token (code ${error.zoom.zoomCode ?? 'none'}); check the app's scopes and the secret`,
            error.zoom,
          );
        }
        refreshedToken = true;
        continue;
      }
      // A later token is issued with the scopes granted by then: drop this one so a fix takes effect.
      if (error instanceof MissingScopeError && token !== undefined) deps.tokens.invalidate(token);
      // Keep the last answer Zoom actually gave (its tracking id) when this failure had none.
      if (error instanceof LiveStreamError && error.zoom.zoomStatus !== undefined) progress.zoom = error.zoom;
      const settled = settle && error instanceof Error ? settle(error, progress) : undefined;
      if (settled !== undefined) return settled;
      if (!(error instanceof LiveStreamError) || !error.retryable) throw error;
      const waitMs = nextWait(error, progress.attempts, deps);
      if (progress.attempts >= deps.backoff.maxAttempts || !budget.allowsWait(waitMs)) throw withRetryAfter(error, waitMs);
      deps.onRetry?.(progress.attempts, waitMs, error);
      await deps.clock.sleep(waitMs);
    }
  }
}

function nextWait(error: LiveStreamError, attempt: number, deps: ZoomCallDeps): number {
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return backoffDelay(attempt, deps.backoff, deps.random);
}

/** A caller told "rate limited" must also be told when to come back, even when Zoom did not say. */
function withRetryAfter(error: LiveStreamError, waitMs: number): LiveStreamError {
  if (!(error instanceof RateLimitedError) || error.retryAfterMs !== undefined) return error;
  return new RateLimitedError(error.message, error.zoom, Math.max(1000, waitMs));
}

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
