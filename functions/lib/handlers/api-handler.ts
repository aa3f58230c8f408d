import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { InvalidRequestError } from '../core/errors';
import { logger, elapsedMs, logOutcome } from '../core/logger';
import { detectSource, isHttpSource, requestIdOf, type HttpEvent } from '../http/http-request';
import { errorResponse } from '../http/http-response';

/** Used when invoked without a Lambda context (a script, a test). */
const DEFAULT_REMAINING_MS = 30_000;

/** What the request did, filled in by the function as it learns it, for the one log line. */
export type LogFields = Record<string, unknown>;

export type Serve = (event: HttpEvent, remainingMs: number, fields: LogFields) => Promise<APIGatewayProxyResult>;

/**
 * The frame of a function that answers API Gateway only (meetings, webhook): one log line per
 * request, every failure turned into the mapped HTTP answer, and any other event thrown, since it
 * means the function was wired to something it does not serve.
 */
export function apiHandler(name: string, logMessage: string, serve: Serve) {
  return async function handler(event: unknown, context?: Context): Promise<APIGatewayProxyResult> {
    const startedAt = performance.now();
    if (context) logger.addContext(context);
    const source = detectSource(event);
    const fields: LogFields = {};
    try {
      if (!isHttpSource(source)) throw new InvalidRequestError(`event: the ${name} function takes API Gateway requests only`);
      const response = await serve(event as HttpEvent, context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS, fields);
      logOutcome(logMessage, { ...fields, durationMs: elapsedMs(startedAt) });
      return response;
    } catch (error) {
      logOutcome(logMessage, { ...fields, source, durationMs: elapsedMs(startedAt) }, error);
      if (!isHttpSource(source)) throw error;
      return errorResponse(error, requestIdOf(event, context?.awsRequestId));
    }
  };
}
