import type { APIGatewayProxyResult } from 'aws-lambda';
import type { LiveStreamCommand } from '../core/live-stream-command';
import { LiveStreamError, RateLimitedError } from '../core/errors';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The success body, the same for HTTP answers and asynchronous results. */
export function okResult(command: LiveStreamCommand) {
  return { meetingId: command.meetingId, action: command.action, status: 'ok' as const };
}

export function okResponse(command: LiveStreamCommand): APIGatewayProxyResult {
  return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(okResult(command)) };
}

/**
 * The one mapping from an error to an HTTP answer. Unknown errors become a bare 500: their detail
 * goes to the log only, since it may say more about the internals than a caller should see.
 */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  if (!(error instanceof LiveStreamError)) {
    return respond(500, { code: 'INTERNAL_ERROR', message: 'internal error; see the function log' });
  }
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (error instanceof RateLimitedError) {
    headers['retry-after'] = String(Math.max(1, Math.ceil((error.retryAfterMs ?? 30_000) / 1000)));
  }
  return respond(
    error.httpStatus,
    {
      code: error.code,
      message: error.message,
      zoomCode: error.zoom.zoomCode,
      zoomTrackingId: error.zoom.zoomTrackingId,
    },
    headers,
  );
}

function respond(statusCode: number, error: Record<string, unknown>, headers: Record<string, string> = JSON_HEADERS): APIGatewayProxyResult {
  return { statusCode, headers, body: JSON.stringify({ error }) };
}
