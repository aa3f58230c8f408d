import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the function posted for one invocation, as Lambda's Runtime API receives it. */
export type InvocationOutcome =
  | { readonly kind: 'response'; readonly body: unknown }
  // The client names the type in the body only: its native client sends no error-type header here.
  | { readonly kind: 'error'; readonly body: RuntimeError };

/** The body the runtime client posts to `/error` and `/init/error`. */
export interface RuntimeError {
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly trace?: readonly string[];
}

export interface InitError {
  /** The `Lambda-Runtime-Function-Error-Type` header. */
  readonly errorType: string | undefined;
  readonly body: RuntimeError;
}

export interface InvokeOptions {
  /** The invocation's deadline from now (Lambda's `Lambda-Runtime-Deadline-Ms`). @default 30 s */
  readonly timeoutMs?: number;
  readonly functionArn?: string;
}

interface Pending {
  readonly id: string;
  readonly event: unknown;
  readonly deadlineMs: number;
  readonly functionArn: string;
  readonly settle: (outcome: InvocationOutcome) => void;
}

const PREFIX = '/2018-06-01/runtime';

/**
 * Lambda's Runtime API for one execution environment, on loopback: `invocation/next` hands out the
 * invocations queued by `invoke()` (long-polling while there are none, as Lambda does), and
 * `invocation/{id}/response`, `invocation/{id}/error` and `init/error` settle them.
 */
export class RuntimeApi {
  private readonly queue: Pending[] = [];
  private readonly waiting: ServerResponse[] = [];
  private readonly inFlight = new Map<string, Pending>();
  private readonly initErrors: InitError[] = [];
  private readonly initErrorListeners: Array<(error: InitError) => void> = [];
  private readonly nextListeners: Array<() => void> = [];
  private readonly server = createServer((request, response) => {
    this.route(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  /** `127.0.0.1:PORT`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  address = '';

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const response of this.waiting.splice(0)) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues one invocation; resolves with what the function posted for it. */
  invoke(event: unknown, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    return new Promise((settle) => {
      const pending: Pending = {
        id: randomUUID(),
        event,
        deadlineMs: Date.now() + (options.timeoutMs ?? 30_000),
        functionArn: options.functionArn ?? 'arn:aws:lambda:us-east-1:123456789012:function:ric-test',
        settle,
      };
      const waiter = this.waiting.shift();
      if (waiter) this.hand(pending, waiter);
      else this.queue.push(pending);
    });
  }

  /** Resolves with the first init error the function posts. */
  initError(): Promise<InitError> {
    const [first] = this.initErrors;
    if (first) return Promise.resolve(first);
    return new Promise((resolve) => this.initErrorListeners.push(resolve));
  }

  /** Resolves when the function first asks for an invocation: it has finished its init. */
  initialised(): Promise<void> {
    if (this.waiting.length > 0 || this.inFlight.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.nextListeners.push(resolve));
  }

  private hand(pending: Pending, response: ServerResponse): void {
    this.inFlight.set(pending.id, pending);
    response.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': pending.id,
      'lambda-runtime-deadline-ms': String(pending.deadlineMs),
      'lambda-runtime-invoked-function-arn': pending.functionArn,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};Sampled=0`,
    });
    response.end(JSON.stringify(pending.event));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '';
    if (request.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      for (const listener of this.nextListeners.splice(0)) listener();
      const pending = this.queue.shift();
      if (pending) this.hand(pending, response);
      else this.waiting.push(response);
      return;
    }
    const body = await readBody(request);
    const errorType = request.headers['lambda-runtime-function-error-type'] as string | undefined;
    if (request.method === 'POST' && url === `${PREFIX}/init/error`) {
      const initError = { errorType, body: JSON.parse(body) as RuntimeError };
      this.initErrors.push(initError);
      for (const listener of this.initErrorListeners.splice(0)) listener(initError);
      response.writeHead(202).end('{"status":"OK"}');
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    const pending = match ? this.inFlight.get(decodeURIComponent(match[1] as string)) : undefined;
    if (request.method !== 'POST' || !match || !pending) {
      response.writeHead(404).end();
      return;
    }
    this.inFlight.delete(pending.id);
    response.writeHead(202).end('{"status":"OK"}');
    pending.settle(
      match[2] === 'response'
        ? { kind: 'response', body: body === '' ? undefined : JSON.parse(body) }
        : { kind: 'error', body: JSON.parse(body) as RuntimeError },
    );
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.once('end', () => resolve(body));
    request.once('error', reject);
  });
}
