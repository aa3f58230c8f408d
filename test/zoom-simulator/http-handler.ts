import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultStatusBody, RATE_LIMIT_BODY, type FaultQueue } from './faults';
import { handleLiveStreamStatus, type LiveStreamRouteDeps } from './livestream-route';
import type { RequestRecorder } from './recorder';
import { type Reply, zoomError } from './reply';
import { handleTokenRequest, type TokenRouteDeps } from './token-route';
import type { FaultTarget, RecordedRequest } from './types';

const MAX_BODY_BYTES = 1024 * 1024;
const LIVESTREAM_PATH = /^\/v2\/meetings\/([^/]*)\/livestream\/status\/?$/;

export interface HandlerContext {
  readonly recorder: RequestRecorder;
  readonly faults: FaultQueue;
  readonly now: () => number;
  /** Resolves true after `ms`, or false early when the simulator closes. */
  readonly delay: (ms: number) => Promise<boolean>;
  readonly tokenDeps: () => TokenRouteDeps;
  readonly liveStreamDeps: () => LiveStreamRouteDeps;
}

type Route = { readonly target: FaultTarget; readonly meetingId?: string } | undefined;

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
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const record = ctx.recorder.record(req, url, rawPath, body?.toString('utf8') ?? '', ctx.now(), trackingId);
  if (!body) return send(res, record, zoomError(413, 413, 'Request body too large.'));

  const route = routeOf(rawPath);
  if (route?.meetingId !== undefined) record.meetingId = route.meetingId;
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
  if (route?.target === 'livestream') {
    const reply = handleLiveStreamStatus(
      {
        method: req.method ?? '',
        meetingId: route.meetingId ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      },
      ctx.liveStreamDeps(),
      record,
    );
    return send(res, record, reply);
  }
  send(res, record, zoomError(404, 404, 'Not Found.'));
}

function routeOf(rawPath: string): Route {
  if (rawPath === '/oauth/token') return { target: 'token' };
  const match = LIVESTREAM_PATH.exec(rawPath);
  if (!match) return undefined;
  let meetingId: string;
  try {
    meetingId = decodeURIComponent(match[1] ?? '');
  } catch {
    meetingId = match[1] ?? '';
  }
  return { target: 'livestream', meetingId };
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
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'x-zm-trackingid': record.trackingId, ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json;charset=UTF-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
