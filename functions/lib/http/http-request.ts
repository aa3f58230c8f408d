import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidRequestError } from '../core/errors';
import type { LiveStreamTarget } from '../core/target';
import { meetingIdSchema, parseInput } from './input-schema';
import { pathIsRouted, routeFor, type FunctionName, type Route } from './routes';

export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type EventSource = 'apigateway-rest' | 'apigateway-http' | 'eventbridge' | 'sqs' | 'direct';

export const MAX_BODY_BYTES = 10 * 1024;

/** Which kind of event arrived; decided before validation so even a bad request gets the right answer shape. */
export function detectSource(event: unknown): EventSource {
  if (typeof event !== 'object' || event === null) return 'direct';
  const e = event as Record<string, unknown>;
  const context = typeof e.requestContext === 'object' && e.requestContext !== null ? (e.requestContext as Record<string, unknown>) : undefined;
  if (e.version === '2.0' && typeof context?.http === 'object') return 'apigateway-http';
  if (typeof e.httpMethod === 'string' && context) return 'apigateway-rest';
  if (typeof e['detail-type'] === 'string' && typeof e.source === 'string' && 'detail' in e) return 'eventbridge';
  if (Array.isArray(e.Records) && e.Records.length > 0 && e.Records.every(isSqsRecord)) return 'sqs';
  return 'direct';
}

const isSqsRecord = (record: unknown): boolean =>
  typeof record === 'object' && record !== null && (record as Record<string, unknown>).eventSource === 'aws:sqs';

export const isHttpSource = (source: EventSource): boolean => source === 'apigateway-rest' || source === 'apigateway-http';

/** An API Gateway request, whichever payload version carried it. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  /** Header lookup by lower-case name. */
  header(name: string): string | undefined;
  /** The exact bytes received (base64-decoded when API Gateway encoded them); empty when there was no body. */
  readonly body: Buffer;
}

/**
 * Reads an API Gateway event of function `fn`: the route (which must be one of this function's),
 * headers, and the body bytes, strictly decoded. Anything else is INVALID_REQUEST naming the part.
 */
export function readHttpRequest(event: HttpEvent, fn: FunctionName): HttpRequest {
  const method = 'httpMethod' in event ? event.httpMethod : event.requestContext?.http?.method;
  const path = 'rawPath' in event ? event.rawPath : event.path;
  if (typeof method !== 'string' || typeof path !== 'string') throw new InvalidRequestError('event: is not an API Gateway request');
  const matched = routeFor(method, path, { stagePrefix: true });
  if (!matched) {
    throw new InvalidRequestError(
      pathIsRouted(path, true) ? `method: ${method.toUpperCase()} is not allowed on ${path}` : `path: ${path} is not a route of this API`,
    );
  }
  if (matched.route.function !== fn) {
    throw new InvalidRequestError(`path: ${method.toUpperCase()} ${path} is not served by the ${fn} function`);
  }
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') headers.set(name.toLowerCase(), value);
  }
  return {
    method: method.toUpperCase(),
    path,
    route: matched.route,
    // API Gateway's own parameters win: they are what its resource matched.
    params: { ...matched.params, ...definedStrings(event.pathParameters) },
    header: (name) => headers.get(name.toLowerCase()),
    body: bodyBytes(event),
  };
}

/** The meeting or webinar the route's path names (`{meetingId}` or `{webinarId}`), its id checked. */
export function requestTarget(request: HttpRequest): LiveStreamTarget {
  const kind = request.route.targetKind ?? 'meeting';
  const idName = `${kind}Id`;
  return { kind, id: parseInput(meetingIdSchema, request.params[idName], idName) };
}

function definedStrings(record: Record<string, string | undefined> | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (typeof value === 'string') result[key] = value;
  return result;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Standard base64 as API Gateway writes it; Node's decoder would silently skip anything else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bodyBytes(event: HttpEvent): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  if (typeof event.body !== 'string') throw new InvalidRequestError('body: is not text');
  if (!event.isBase64Encoded) {
    // Encoding would quietly turn a lone surrogate into U+FFFD and pass the result on.
    if (LONE_SURROGATE.test(event.body)) throw new InvalidRequestError('body: is not UTF-8 text');
    return Buffer.from(event.body, 'utf8');
  }
  if (!BASE64.test(event.body)) throw new InvalidRequestError('body: is marked base64-encoded but is not valid base64');
  return Buffer.from(event.body, 'base64');
}

/**
 * The body as JSON, or `{}` when there is none. At most MAX_BODY_BYTES; a body that is not a JSON
 * text (or not UTF-8) is INVALID_REQUEST, never passed on.
 */
export function jsonBody(request: HttpRequest): unknown {
  const bytes = request.body;
  if (bytes.length > MAX_BODY_BYTES) {
    throw new InvalidRequestError(`body: is ${bytes.length} bytes, larger than the ${MAX_BODY_BYTES} allowed`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidRequestError('body: is not UTF-8 text');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequestError('body: is not valid JSON');
  }
}

/**
 * The id an error answer quotes so that its log line can be found: the Lambda request id, which
 * every log line of the invocation carries, else API Gateway's, else a new one (a script, a test).
 */
export function requestIdOf(event: unknown, awsRequestId: string | undefined): string {
  if (awsRequestId) return awsRequestId;
  const context = (event as { requestContext?: { requestId?: unknown } } | null)?.requestContext;
  return typeof context?.requestId === 'string' && context.requestId !== '' ? context.requestId : randomUUID();
}
