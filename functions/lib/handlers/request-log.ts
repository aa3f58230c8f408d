import { LiveStreamError } from '../core/errors';
import { logger } from '../core/logger';
import { sourceMappedStack } from '../core/source-mapped-stack';
import type { Progress } from '../zoom/zoom-call';

/** The outcome field of a log line: `ok`, the error's code, or INTERNAL_ERROR for a bug. */
export const outcomeOf = (error: unknown): string =>
  error === undefined ? 'ok' : error instanceof LiveStreamError ? error.code : 'INTERNAL_ERROR';

/** Zoom's side of a request, as every log line carries it. */
export const zoomFields = (progress: Progress) => ({
  zoomStatus: progress.zoom.zoomStatus,
  zoomCode: progress.zoom.zoomCode,
  zoomTrackingId: progress.zoom.zoomTrackingId,
  attempts: progress.attempts,
});

/**
 * The one log line per request or job: enough to answer "what happened to meeting X at 08:55?".
 * Refusals the caller can fix are warnings; failures of the system or Zoom are errors.
 */
export function logOutcome(message: string, fields: Record<string, unknown>, error?: unknown): void {
  // A caller may place `outcome` itself, next to the fields it belongs with.
  const line = 'outcome' in fields ? fields : { ...fields, outcome: outcomeOf(error) };
  if (error === undefined) logger.info(message, line);
  else if (error instanceof LiveStreamError) logger[error.httpStatus >= 500 ? 'error' : 'warn'](message, { ...line, errorMessage: error.message });
  else logger.error(message, { ...line, error: unexpected(error) });
}

/** A bug's error for the log: its stack mapped to the TypeScript lines, its message kept. */
function unexpected(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message, stack: sourceMappedStack(error) };
}

export function logRetry(attempt: number, waitMs: number, error: Error): void {
  logger.debug('retrying', { attempt, waitMs, reason: error.name, errorMessage: error.message });
}

/** Milliseconds since `since` (a `performance.now()`), for the log line's `durationMs`. */
export const elapsedMs = (since: number): number => Math.round(performance.now() - since);
