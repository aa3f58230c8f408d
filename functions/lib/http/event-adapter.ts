import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda';
import type { LiveStreamAction, LiveStreamCommand } from '../core/live-stream-command';
import { ConfigurationError, InvalidRequestError } from '../core/errors';
import { httpBodySchema, meetingIdSchema, parseInput, payloadSchema } from './input-schema';
import { routeForPath } from './routes';

export const MAX_BODY_BYTES = 10 * 1024;

export type EventSource = 'apigateway-rest' | 'apigateway-http' | 'eventbridge' | 'direct';

export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type LiveStreamEvent = HttpEvent | EventBridgeEvent<string, unknown> | Record<string, unknown>;

/** Which kind of event arrived; decided before validation so even a bad request gets the right answer shape. */
export function detectSource(event: unknown): EventSource {
  if (typeof event !== 'object' || event === null) return 'direct';
  const e = event as Record<string, unknown>;
  const context = typeof e.requestContext === 'object' && e.requestContext !== null ? (e.requestContext as Record<string, unknown>) : undefined;
  if (e.version === '2.0' && typeof context?.http === 'object') return 'apigateway-http';
  if (typeof e.httpMethod === 'string' && context) return 'apigateway-rest';
  if (typeof e['detail-type'] === 'string' && typeof e.source === 'string' && 'detail' in e) return 'eventbridge';
  return 'direct';
}

export const isHttpSource = (source: EventSource): boolean =>
  source === 'apigateway-rest' || source === 'apigateway-http';

/** Best effort, for logging a request that failed validation. */
export function claimedMeetingId(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, any>;
  const raw = e.pathParameters?.meetingId ?? e.detail?.meetingId ?? e.meetingId;
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw).slice(0, 40) : undefined;
}

/** Turns any accepted event into the one command the use case runs; throws INVALID_REQUEST otherwise. */
export function toCommand(action: LiveStreamAction, event: unknown, source: EventSource): LiveStreamCommand {
  if (isHttpSource(source)) return fromHttp(action, event as HttpEvent);
  const payload = source === 'eventbridge' ? (event as EventBridgeEvent<string, unknown>).detail : event;
  const prefix = source === 'eventbridge' ? 'detail' : '';
  const { meetingId, settings } = parseInput(payloadSchema, payload, prefix || 'payload', prefix);
  return withSettings(action, meetingId, settings, prefix ? `${prefix}.settings` : 'settings');
}

function fromHttp(action: LiveStreamAction, event: HttpEvent): LiveStreamCommand {
  const path = 'rawPath' in event ? event.rawPath : event.path;
  const matched = path === undefined ? undefined : routeForPath(path, { stagePrefix: true });
  checkRoute(action, event, matched?.route.action, path);
  const meetingId = parseInput(meetingIdSchema, event.pathParameters?.meetingId ?? matched?.params.meetingId, 'meetingId');
  const body = parseInput(httpBodySchema, jsonBody(event), 'body');
  return withSettings(action, meetingId, body.settings, 'settings');
}

function withSettings(
  action: LiveStreamAction,
  meetingId: string,
  settings: LiveStreamCommand['settings'],
  field: string,
): LiveStreamCommand {
  if (settings === undefined) return { meetingId, action };
  // Zoom ignores settings on stop; refusing them keeps a caller from believing they took effect.
  if (action === 'stop') throw new InvalidRequestError(`${field}: only start takes settings`);
  return { meetingId, action, settings };
}

/**
 * Only POST reaches these functions through the stack's API; anything else, or a path of the other
 * action, means the API was wired differently from the route table and must not go unnoticed.
 */
function checkRoute(action: LiveStreamAction, event: HttpEvent, pathAction: LiveStreamAction | undefined, path?: string): void {
  const method = 'httpMethod' in event ? event.httpMethod : event.requestContext.http.method;
  if (method.toUpperCase() !== 'POST') throw new InvalidRequestError(`method: ${method} is not allowed, only POST`);
  if (pathAction !== undefined && pathAction !== action) {
    throw new ConfigurationError(`the ${action} function was invoked for ${path}: check the API's integrations`);
  }
}

function jsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null) return {};
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new InvalidRequestError(`body: is ${bytes.length} bytes, larger than the ${MAX_BODY_BYTES} allowed`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequestError('body: is not valid JSON');
  }
}
