import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A loopback server and how to reach and stop it. */
export interface StubServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

async function listen(server: net.Server, sockets: Set<net.Socket>): Promise<StubServer> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts connections and never answers: an endpoint that hangs. Counts the connections. */
export async function startSilentServer(): Promise<StubServer & { readonly connections: () => number }> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer(() => {
    connections += 1;
  });
  return { ...(await listen(server, sockets)), connections: () => connections };
}

/** AWS JSON requests that arrived, by `x-amz-target` (e.g. `secretsmanager.GetSecretValue`). */
export interface Arrivals {
  readonly targets: string[];
}

/** Forwards every request to `target` (moto), recording what arrived. */
export async function startCountingProxy(target: string): Promise<StubServer & Arrivals> {
  const targets: string[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`));
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return { ...(await listen(server, new Set())), targets };
}

/** Answers every request as Secrets Manager answers a refused one: HTTP 400 with `{"__type": …}`. */
export async function startRefusingSecretsManager(type: string, message: string): Promise<StubServer & Arrivals> {
  const targets: string[] = [];
  const server = http.createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target'] ?? ''));
    req.resume();
    req.on('end', () => {
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': '5e2b1a8c-0000-4000-8000-000000000000',
        'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.secrets/`,
      });
      res.end(JSON.stringify({ __type: type, Message: message }));
    });
  });
  return { ...(await listen(server, new Set())), targets };
}

/** Runs `use` with these process.env changes (undefined deletes), restoring every variable after. */
export async function withProcessEnv<T>(changes: Record<string, string | undefined>, use: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(changes);
  try {
    return await use();
  } finally {
    apply(saved);
  }
}

/** How a faulty proxy misbehaves on one operation: never answer, answer AWS's throttle, or a 500. */
export type Fault = 'hang' | 'throttle' | 'fail' | 'apply-then-fail';

/**
 * Forwards to `target` (moto) and misbehaves on the operations given a fault (by `x-amz-target`,
 * e.g. `AmazonSQS.SendMessage`, `DynamoDB_20120810.PutItem`). `apply-then-fail` forwards the request
 * and answers 500 anyway: the write happened, the caller cannot know it.
 */
export async function startFaultyProxy(
  target: string,
): Promise<StubServer & Arrivals & { fault(operation: string, fault: Fault | undefined, passFirst?: number): void }> {
  const targets: string[] = [];
  const faults = new Map<string, { fault: Fault; pass: number }>();
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  const forward = (req: http.IncomingMessage, body: Buffer, answer: (status: number, headers: http.IncomingHttpHeaders, data: Buffer) => void) => {
    const request = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => answer(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
    });
    request.on('error', () => answer(502, {}, Buffer.alloc(0)));
    request.end(body);
  };
  const server = http.createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
    targets.push(operation);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry = faults.get(operation);
      const fault = entry && entry.pass-- <= 0 ? entry.fault : undefined;
      const awsError = (status: number, type: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type, 'x-amzn-query-error': `${type};Sender` });
        res.end(JSON.stringify({ __type: type, message: `${type} (stub)` }));
      };
      switch (fault) {
        case 'hang':
          return;
        case 'throttle':
          return awsError(400, 'ThrottlingException');
        case 'fail':
          return awsError(500, 'InternalFailure');
        case 'apply-then-fail':
          return forward(req, body, () => awsError(500, 'InternalFailure'));
        default:
          return forward(req, body, (status, headers, data) => {
            res.writeHead(status, headers);
            res.end(data);
          });
      }
    });
  });
  return {
    ...(await listen(server, sockets)),
    targets,
    // `passFirst`: that many requests of the operation go through before the fault applies.
    fault: (operation, fault, passFirst = 0) => (fault ? faults.set(operation, { fault, pass: passFirst }) : faults.delete(operation)),
  };
}
