import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArrivalCounter } from './arrival-counter';
import { handleApiRequest } from './api-handler';
import { type ApiDeps, type ApiRoute, parseApiPath } from './api-request';
import { type ControlDeps, handleControlRequest, isControlPath } from './control-route';
import { faultStatusBody, RATE_LIMIT_BODY, type FaultQueue } from './faults';
import type { RequestRecorder } from './recorder';
import { type Reply, zoomError } from './reply';
import { handleTokenRequest, type TokenRouteDeps } from './token-route';
import type { FaultTarget, RecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;

export interface HandlerContext {
  readonly recorder: RequestRecorder;
  readonly arrivals: ArrivalCounter;
  readonly faults: FaultQueue;
  readonly now: () => number;
  /** Resolves true after `ms`, or false early when the simulator closes. */
  readonly delay: (ms: number) => Promise<boolean>;
  /** Added before every `/v2/…` answer. */
  readonly latencyMs: () => number;
  readonly tokenDeps: () => TokenRouteDeps;
  readonly apiDeps: ApiDeps;
  readonly controlDeps: ControlDeps;
}

type Route = { readonly target: 'token' } | { readonly target: Exclude<FaultTarget, 'token'>; readonly api: ApiRoute } | undefined;

const FAULT_TARGETS: Record<ApiRoute['resource'], Exclude<FaultTarget, 'token'>> = {
  object: 'meeting',
  livestream: 'livestreamConfig',
  livestreamStatus: 'livestream',
};

export function createRequestHandler(ctx: HandlerContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, ctx).catch(() => {
      // A bug in the simulator must show up as a 500 in the test, not as a hung request.
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  const trackingId = `v=2.0;clid=sim;rid=WEB_${randomBytes(16).toString('hex')}`;
  const body = await readBody(req);
  // Keep the raw path: URL parsing would resolve "..", hiding what the client really sent.
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';

  // The control API stands in for a host's clicks, not for Zoom traffic: nothing is recorded.
  if (isControlPath(rawPath)) {
    const reply = body
      ? handleControlRequest(
          { method: req.method ?? '', rawPath, remoteAddress: req.socket.remoteAddress, bodyText: body.toString('utf8') },
          ctx.controlDeps,
        )
      : zoomError(413, 413, 'Request body too large.');
    return write(res, trackingId, reply);
  }

  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const record = ctx.recorder.record(req, url, rawPath, body?.toString('utf8') ?? '', ctx.now(), trackingId);
  if (rawPath.startsWith('/v2/')) ctx.arrivals.add(record.at);
  if (!body) return send(res, record, zoomError(413, 413, 'Request body too large.'));

  const route = routeOf(rawPath);
  if (route && 'api' in route) record.meetingId = route.api.id;
  const fault = route ? ctx.faults.take(route.target) : undefined;
  if (fault) {
    record.fault = fault.type;
    switch (fault.type) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'status':
        return send(res, record, { status: fault.status, body: fault.body ?? faultStatusBody(fault.status) });
      case 'rateLimit':
        return send(res, record, {
          status: 429,
          body: fault.body ?? RATE_LIMIT_BODY,
          ...(fault.retryAfter !== undefined ? { headers: { 'retry-after': fault.retryAfter } } : {}),
        });
      case 'slow':
        if (!(await ctx.delay(fault.delayMs))) return;
        break;
    }
  }

  if (route?.target === 'token') {
    const reply = handleTokenRequest(
      {
        method: req.method ?? '',
        url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        bodyText: record.bodyText,
      },
      ctx.tokenDeps(),
      record,
    );
    return send(res, record, reply);
  }
  if (route) {
    const latency = ctx.latencyMs();
    if (latency > 0 && !(await ctx.delay(latency))) return;
    const request = {
      method: req.method ?? '',
      route: route.api,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    };
    return send(res, record, handleApiRequest(request, ctx.apiDeps, record));
  }
  send(res, record, zoomError(404, 404, 'Not Found.'));
}

function routeOf(rawPath: string): Route {
  if (rawPath === '/oauth/token') return { target: 'token' };
  const api = parseApiPath(rawPath);
  return api ? { target: FAULT_TARGETS[api.resource], api } : undefined;
}

/** Resolves undefined when the body is over the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
  record.status = reply.status;
  write(res, record.trackingId, reply);
}

function write(res: ServerResponse, trackingId: string, reply: Reply): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-zm-trackingid': trackingId, ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json;charset=UTF-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
