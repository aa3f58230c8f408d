import type { APIGatewayProxyResult } from 'aws-lambda';
import { LiveStreamError, RateLimitedError } from '../core/errors';
import type { LiveStreamCommand } from '../core/live-stream-command';
import { targetAnswer } from '../core/target';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The success body of a start or stop, the same for HTTP answers and asynchronous results. */
export function liveStreamResult(command: LiveStreamCommand, outcome: { unconfirmed?: true; note?: string } = {}) {
  return {
    ...targetAnswer(command.target),
    action: command.action,
    status: 'ok' as const,
    ...(outcome.unconfirmed ? { unconfirmed: true as const } : {}),
    ...(outcome.note ? { note: outcome.note } : {}),
  };
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * The one mapping from an error to an HTTP answer. Unknown errors become a bare 500: their detail
 * goes to the log only, since it may say more about the internals than a caller should see.
 */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  if (!(error instanceof LiveStreamError)) {
    return jsonResponse(500, { error: { code: 'INTERNAL_ERROR', message: 'internal error; see the function log' } });
  }
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError) {
    headers['retry-after'] = String(Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000)));
  }
  return jsonResponse(
    error.httpStatus,
    {
      error: {
        code: error.code,
        message: error.message,
        zoomCode: error.zoom.zoomCode,
        zoomTrackingId: error.zoom.zoomTrackingId,
      },
    },
    headers,
  );
}
