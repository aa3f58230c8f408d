import { backoffDelay, type BackoffPolicy } from '../core/backoff';
import type { Clock } from '../core/clock';
import type { LiveStreamCommand } from '../core/live-stream-command';
import {
  ConfigurationError,
  LiveStreamError,
  RateLimitedError,
  TokenRejectedError,
  ZoomUnavailableError,
  type ZoomDetail,
} from '../core/errors';
import type { TimeBudget } from '../core/time-budget';
import type { TokenProvider } from '../zoom/token-provider';
import type { ZoomClient } from '../zoom/live-stream-api';

export interface ChangeLiveStreamDeps {
  readonly zoom: ZoomClient;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  /** Upper bound for one network call (token exchange or PATCH); the remaining budget may make it shorter. */
  readonly requestTimeoutMs: number;
  readonly onRetry?: (attempt: number, waitMs: number, error: Error) => void;
}

/** What the caller logs: how it went, whether or not it worked. */
export interface Progress {
  attempts: number;
  zoom: ZoomDetail;
}

/**
 * The one use case: make Zoom start or stop a meeting's live stream. Transient failures are retried
 * with backoff and Zoom's 429 waits are honoured, but only while the time budget allows; otherwise
 * the last error is thrown at once so the caller can answer (or Lambda can retry) in time.
 */
export async function changeLiveStream(
  command: LiveStreamCommand,
  budget: TimeBudget,
  deps: ChangeLiveStreamDeps,
  progress: Progress = { attempts: 0, zoom: {} },
): Promise<Progress> {
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
      // Each call gets what is left of the budget, so the token exchange and the PATCH together
      // cannot take longer than the budget.
      token = await deps.tokens.get(timeout());
      progress.zoom = await deps.zoom.updateLiveStreamStatus(command, token, timeout());
      return progress;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        progress.zoom = error.zoom;
        if (token !== undefined) deps.tokens.invalidate(token);
        if (refreshedToken) {
          throw new ConfigurationError(
            `Zoom refused the credentials even with a new token (code ${error.zoom.zoomCode ?? 'none'}); check the app's scopes and the secret`,
            error.zoom,
          );
        }
        refreshedToken = true;
        continue;
      }
      // Keep the last answer Zoom actually gave (its tracking id) when this failure had none.
      if (error instanceof LiveStreamError && error.zoom.zoomStatus !== undefined) progress.zoom = error.zoom;
      if (!(error instanceof LiveStreamError) || !error.retryable) throw error;
      const waitMs = nextWait(error, progress.attempts, deps);
      if (progress.attempts >= deps.backoff.maxAttempts || !budget.allowsWait(waitMs)) throw withRetryAfter(error, waitMs);
      deps.onRetry?.(progress.attempts, waitMs, error);
      await deps.clock.sleep(waitMs);
    }
  }
}

function nextWait(error: LiveStreamError, attempt: number, deps: ChangeLiveStreamDeps): number {
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return backoffDelay(attempt, deps.backoff, deps.random);
}

/** A caller told "rate limited" must also be told when to come back, even when Zoom did not say. */
function withRetryAfter(error: LiveStreamError, waitMs: number): LiveStreamError {
  if (!(error instanceof RateLimitedError) || error.retryAfterMs !== undefined) return error;
  return new RateLimitedError(error.message, error.zoom, Math.max(1000, waitMs));
}
