import type { Context } from 'aws-lambda';
import { changeLiveStream, type Progress } from '../use-cases/change-live-stream';
import type { LiveStreamAction, LiveStreamCommand } from '../core/live-stream-command';
import { LiveStreamError } from '../core/errors';
import { claimedMeetingId, detectSource, isHttpSource, toCommand, type EventSource } from '../http/event-adapter';
import { errorResponse, okResponse, okResult } from '../http/http-response';
import { logger } from '../core/logger';
import { lazyRuntime, type Runtime } from './runtime';
import { TimeBudget } from '../core/time-budget';

/** Used when invoked without a Lambda context (a script, a test): a generous Lambda-like budget. */
const DEFAULT_REMAINING_MS = 30_000;

/**
 * A Lambda handler for one action. Every event source goes through the same steps: adapt the event
 * into a command, run the one use case, adapt the outcome into the answer that source expects
 * (an HTTP response, or a result / a thrown error so that Lambda's retries and DLQs apply).
 */
export function createHandler(action: LiveStreamAction, getRuntime: () => Runtime = lazyRuntime()) {
  return async function handler(event: unknown, context?: Context) {
    const startedAt = performance.now();
    const source = detectSource(event);
    const http = isHttpSource(source);
    if (context) logger.addContext(context);
    const progress: Progress = { attempts: 0, zoom: {} };
    let command: LiveStreamCommand | undefined;
    try {
      command = toCommand(action, event, source);
      const runtime = getRuntime();
      const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
      const budget = TimeBudget.forInvocation(runtime.clock, remaining, http);
      await changeLiveStream(command, budget, { ...runtime, onRetry: logRetry }, progress);
      logOutcome({ action, source, command, progress, startedAt });
      return http ? okResponse(command) : okResult(command);
    } catch (error) {
      logOutcome({ action, source, command, progress, startedAt, error, event });
      if (http) return errorResponse(error);
      throw error;
    }
  };
}

function logRetry(attempt: number, waitMs: number, error: Error): void {
  logger.debug('retrying Zoom request', { attempt, waitMs, reason: error.name, message: error.message });
}

interface Outcome {
  action: LiveStreamAction;
  source: EventSource;
  command?: LiveStreamCommand;
  progress: Progress;
  startedAt: number;
  error?: unknown;
  event?: unknown;
}

/** The one log line per request: enough to answer "what happened to meeting X at 08:55?". */
function logOutcome({ action, source, command, progress, startedAt, error, event }: Outcome): void {
  const fields = {
    meetingId: command?.meetingId ?? claimedMeetingId(event),
    action,
    source,
    outcome: error === undefined ? 'ok' : error instanceof LiveStreamError ? error.code : 'INTERNAL_ERROR',
    zoomStatus: progress.zoom.zoomStatus,
    zoomCode: progress.zoom.zoomCode,
    zoomTrackingId: progress.zoom.zoomTrackingId,
    attempts: progress.attempts,
    durationMs: Math.round(performance.now() - startedAt),
  };
  if (error === undefined) {
    logger.info('live stream request', fields);
  } else if (error instanceof LiveStreamError) {
    const level = error.httpStatus >= 500 ? 'error' : 'warn';
    logger[level]('live stream request', { ...fields, errorMessage: error.message });
  } else {
    logger.error('live stream request', { ...fields, error: error as Error });
  }
}
