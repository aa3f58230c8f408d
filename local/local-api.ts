import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { routeFor, type FunctionName } from '../functions/lib/http/routes';
import { toRestEvent } from './apigateway-event';
import { FUNCTIONS } from '../functions/lib/handlers/function-catalogue';
import { lambdaContext } from './lambda-context';
import { DEFAULT_HOST, DEFAULT_PORT, describeListenError } from './listen-address';

export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalApiOptions {
  readonly handlers: Readonly<Record<FunctionName, LocalHandler>>;
  readonly apiKey: string;
  readonly port?: number;
  readonly host?: string;
  /** API Gateway's integration timeout. @default 29000 */
  readonly integrationTimeoutMs?: number;
  /** `npm start`'s own routes under /_local (API key required); API Gateway has none of them. */
  readonly control?: (method: string, path: string) => Promise<{ status: number; body: unknown }>;
}

export interface LocalApi {
  readonly url: string;
  close(): Promise<void>;
}

/** API Gateway's own payload limit; larger requests never reach the function. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** REST API integrations give up after 29 s, whatever the function's own timeout. */
const INTEGRATION_TIMEOUT_MS = 29_000;
const TIMED_OUT = Symbol('timed out');

/**
 * The deployed REST API on one machine: the same route table, the same API key check (on every route
 * but Zoom's webhook, which its signature authenticates), and the same payload 1.0 events handed to
 * the same handler code. Answers that API Gateway itself gives (wrong key, unknown route, a crashed
 * function) are given here the same way.
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const server = createServer((req, res) => {
    serve(options, req, res).catch((error: unknown) => {
      console.error('local API: unexpected failure', error);
      if (!res.headersSent) gatewayError(res, 500, 'Internal server error', 'InternalServerErrorException');
    });
  });
  const wanted = { port: options.port ?? DEFAULT_PORT, host: options.host ?? DEFAULT_HOST };
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(describeListenError(error, wanted)));
    server.listen(wanted.port, wanted.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}

async function serve(options: LocalApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = routeFor(req.method ?? '', url.pathname);
  if (!match && options.control && url.pathname.startsWith('/_local/')) {
    if (req.headers['x-api-key'] !== options.apiKey) return gatewayError(res, 403, 'Forbidden', 'ForbiddenException');
    const answer = await options.control(req.method ?? 'GET', url.pathname);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify(answer.body));
  }
  if (!match) {
    return gatewayError(res, 403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
  }
  if (match.route.auth === 'api-key' && req.headers['x-api-key'] !== options.apiKey) {
    return gatewayError(res, 403, 'Forbidden', 'ForbiddenException');
  }
  const body = await readBody(req);
  if (body === undefined) return gatewayError(res, 413, 'Request Too Long', 'RequestTooLongException');

  const event = toRestEvent(match.route, match.params, {
    method: req.method ?? 'POST',
    path: url.pathname,
    query: url.searchParams,
    rawHeaders: req.rawHeaders,
    body,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  let result: APIGatewayProxyResult | typeof TIMED_OUT;
  let timer: NodeJS.Timeout | undefined;
  try {
    result = await Promise.race([
      options.handlers[match.route.function](event, lambdaContext(`local-${match.route.function}`, FUNCTIONS[match.route.function].timeoutSeconds * 1000)) as Promise<APIGatewayProxyResult>,
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(resolve, options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS, TIMED_OUT);
      }),
    ]);
  } catch (error) {
    console.error(`local API: the ${match.route.function} function threw`, error);
    return gatewayError(res, 502, 'Internal server error', 'InternalServerErrorException');
  } finally {
    clearTimeout(timer);
  }
  if (result === TIMED_OUT) return gatewayError(res, 504, 'Endpoint request timed out', 'IntegrationTimeout');
  if (typeof result?.statusCode !== 'number' || typeof result.body !== 'string') {
    console.error(`local API: the ${match.route.function} function returned no proxy response`, result);
    return gatewayError(res, 502, 'Internal server error', 'InternalServerErrorException');
  }
  res.writeHead(result.statusCode, { ...stringHeaders(result.headers), 'x-amzn-requestid': event.requestContext.requestId });
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

function gatewayError(res: ServerResponse, status: number, message: string, type: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ message }));
}

function stringHeaders(headers: APIGatewayProxyResult['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
