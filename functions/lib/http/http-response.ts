import type { APIGatewayProxyResult } from 'aws-lambda';
import { AwsThrottledError, ConfigurationError, LiveStreamError, RateLimitedError } from '../core/errors';
import { targetAnswer, type LiveStreamCommand } from '../core/target';

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
 * The one mapping from an error to an HTTP answer. A 5xx of our own (unknown errors, configuration,
 * AWS) is answered generically with the request id, and its detail goes to the log only: it names
 * secrets, tables and queues, which a caller, maybe an unsigned one, has no business reading.
 */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  const seeLog = `see the function log for request ${requestId}`;
  if (!(error instanceof LiveStreamError)) {
    return jsonResponse(500, { error: { code: 'INTERNAL_ERROR', message: `internal error; ${seeLog}`, requestId } });
  }
  if (error instanceof AwsThrottledError) {
    return jsonResponse(
      503,
      { error: { code: error.code, message: `an AWS service is throttling this function; try again shortly (${seeLog})`, requestId } },
      { 'retry-after': String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof ConfigurationError && !error.disclosable) {
    return jsonResponse(error.httpStatus, { error: { code: error.code, message: `the function is not configured to answer this; ${seeLog}`, requestId } });
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
        ...(error.httpStatus >= 500 ? { requestId } : {}),
      },
    },
    headers,
  );
}
