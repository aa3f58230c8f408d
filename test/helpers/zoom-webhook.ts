import { createHmac, randomUUID } from 'node:crypto';
import { ROUTES, type Route } from '../../functions/lib/http/routes';
import { toRestEvent } from '../../local/apigateway-event';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AutoStart } from '../../functions/lib/core/meeting-record';
import type { LiveStreamSettings } from '../../functions/lib/core/target';
import { systemClock, type Clock } from '../../functions/lib/core/clock';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import { createWebhookHandler } from '../../functions/lib/handlers/webhook-handler';
import { createMeetingsHandler } from '../../functions/lib/handlers/meetings-handler';
import { lazy, meetingsDeps, webhookDeps, zoomAccess, type Overrides } from '../../functions/lib/handlers/composition-root';
import { countedCalls } from '../support/counted-calls';
import { createSecret } from '../support/moto';
import { SIMULATOR_CREDENTIALS } from '../zoom-simulator';
import { drainWithWorker, freshServices, type Backends } from './backends';

/**
 * Zoom's webhook as Zoom documents it, computed here with node:crypto (never with the project's own
 * helper): `v0=` + hex HMAC-SHA256(secret token, `v0:{timestamp}:{raw body}`).
 */
export function zoomSign(secretToken: string, timestampSeconds: string | number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secretToken);
  hmac.update(`v0:${timestampSeconds}:`);
  hmac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return `v0=${hmac.digest('hex')}`;
}

export const nowSeconds = (clock: Clock = systemClock): number => Math.floor(clock.now() / 1000);

export interface SignedOptions {
  /** Seconds since the epoch put in `x-zm-request-timestamp` and signed. @default now */
  readonly timestamp?: number;
  /** Replaces the computed signature header. */
  readonly signature?: string;
  /** Body actually sent, when it differs from the one signed. */
  readonly sentBody?: string;
  /** Headers left out. */
  readonly omit?: readonly string[];
  readonly base64?: boolean;
  readonly clock?: Clock;
}

function zoomHeaders(secretToken: string, body: string, options: SignedOptions): Record<string, string> {
  const timestamp = options.timestamp ?? nowSeconds(options.clock);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Zoom Marketplace/1.0a',
    'x-zm-request-timestamp': String(timestamp),
    'x-zm-signature': options.signature ?? zoomSign(secretToken, timestamp, body),
    'x-zm-trackingid': `v=2.0;clid=aw1;rid=WEBHOOK_${randomUUID().replace(/-/g, '')}`,
  };
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

function encodedBody(body: string, options: SignedOptions): { body: string; isBase64Encoded: boolean } {
  const sent = options.sentBody ?? body;
  return options.base64 ? { body: Buffer.from(sent, 'utf8').toString('base64'), isBase64Encoded: true } : { body: sent, isBase64Encoded: false };
}

/**
 * A REST API (payload 1.0) proxy event of `POST /webhooks/zoom` as API Gateway sends it: the same
 * builder `npm start` uses, from Zoom's address, with the body as API Gateway passes it.
 */
export function restWebhookEvent(secretToken: string, body: string, options: SignedOptions = {}): APIGatewayProxyEvent {
  const headers = zoomHeaders(secretToken, body, options);
  const route = ROUTES.find((candidate) => candidate.function === 'webhook') as Route;
  const event = toRestEvent(route, {}, {
    method: 'POST',
    path: '/webhooks/zoom',
    query: new URLSearchParams(),
    rawHeaders: Object.entries(headers).flat(),
    body: Buffer.alloc(0),
    sourceIp: '170.114.52.2',
  });
  return { ...event, pathParameters: null, ...encodedBody(body, options) };
}

/** An HTTP API (payload 2.0) event of `POST /webhooks/zoom`: lower-case headers, `rawPath`. */
export function httpWebhookEvent(secretToken: string, body: string, options: SignedOptions = {}): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(Object.entries(zoomHeaders(secretToken, body, options)).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/zoom',
    rawPath: '/webhooks/zoom',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path: '/webhooks/zoom', protocol: 'HTTP/1.1', sourceIp: '170.114.52.2', userAgent: 'Zoom Marketplace/1.0a' },
      requestId: randomUUID(),
      routeKey: 'POST /webhooks/zoom',
      stage: '$default',
      time: '26/Nov/2026:07:55:00 +0000',
      timeEpoch: Date.now(),
    },
    ...encodedBody(body, options),
  };
}

/** A REST API event of the meetings function (`PUT|DELETE|GET /meetings/{id}/livestream…`). */
export function meetingsEvent(method: 'PUT' | 'DELETE' | 'GET', path: string, body?: string): APIGatewayProxyEvent {
  const event = restWebhookEvent('unused', body ?? '', {});
  const match = /^\/(meeting|webinar)s\/([^/]+)/.exec(path);
  return {
    ...event,
    pathParameters: match ? { [`${match[1]}Id`]: decodeURIComponent(match[2] ?? '') } : null,
    httpMethod: method,
    path,
    resource: path.replace(/\/(meetings|webinars)\/[^/]+/, (_, kind: string) => `/${kind}/{${kind.slice(0, -1)}Id}`),
    headers: { 'content-type': 'application/json', 'x-api-key': 'example-api-key' },
    multiValueHeaders: {},
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: { ...event.requestContext, httpMethod: method, path: `/prod${path}` },
  };
}

/** Zoom's `{event, event_ts, payload}` body, serialised once so it can be redelivered byte for byte. */
export function eventBody(event: string, object: Record<string, unknown>, eventTs = Date.now(), extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ event, event_ts: eventTs, payload: { account_id: SIMULATOR_CREDENTIALS.accountId, ...extra, object } });
}

export const startedObject = (id: string, topic = 'Weekly all hands') => ({
  id,
  uuid: `${randomUUID().replace(/-/g, '').slice(0, 22)}==`,
  host_id: 'z8yCxjabcdEFGHfp8uQ',
  topic,
  type: 2,
  start_time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  timezone: 'Europe/Berlin',
  duration: 60,
});

/** `meeting.live_streaming_started|stopped`: the id a JSON number, as Zoom sends it. */
export const liveStreamingObject = (id: string, dateTime: string) => ({
  id: Number(id),
  uuid: 'Fmx0lo2ZRkOXHjq4b5b2fA==',
  host_id: 'z8yCxjabcdEFGHfp8uQ',
  topic: 'Weekly all hands',
  type: 2,
  start_time: dateTime,
  timezone: 'Europe/Berlin',
  duration: 60,
  live_streaming: {
    service: 'Custom_Live_Streaming_Service',
    custom_live_streaming_settings: { stream_url: 'rtmp://live.example.com/app', stream_key: 'key-1234', page_url: 'https://example.com/live' },
    date_time: dateTime,
  },
});

export const budget = (clock: Clock = systemClock): TimeBudget => new TimeBudget(clock, 10_000);

export const registration = (settings: LiveStreamSettings = {}): AutoStart => ({ settings, schedule: false, registeredAt: new Date().toISOString() });

/** A secret holding the simulator's credentials and a webhook secret token. */
export async function createWebhookSecret(backends: Backends, name: string, secretToken: string): Promise<void> {
  await createSecret(backends.moto.endpoint, name, JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: secretToken }));
}

/**
 * One container's webhook and meetings handlers over one Zoom access (`runtime`: its secret cache
 * serves the webhook too; `counts`: its secret reads and token exchanges), with a memory store and
 * an in-process start queue drained by a start worker in this process (nothing waits on Lambda here).
 */
export function webhookSystem(env: Record<string, string>, options: Overrides = {}) {
  const services = freshServices(options.clock);
  const counted = countedCalls(env, options);
  const runtime = zoomAccess(env, { ...options, ...counted.overrides });
  const overrides: Overrides = { ...options, ...services, zoomAccess: runtime, webhookSecret: runtime.secret };
  drainWithWorker(env, services.startQueue, () => overrides);
  return {
    runtime,
    counts: counted.counts,
    services,
    webhook: createWebhookHandler(lazy(() => webhookDeps(env, overrides))),
    meetings: createMeetingsHandler(lazy(() => meetingsDeps(env, overrides))),
  };
}

export interface Answer {
  readonly statusCode: number;
  readonly body: string;
}

export const json = (answer: unknown): any => JSON.parse((answer as Answer).body);
