import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  readonly headers: IncomingHttpHeaders;
  /** The exact bytes received, for signature checks. */
  readonly raw: Buffer;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedEvent[];
  /** Statuses to answer, in order; 200 once they run out. */
  answer(...statuses: number[]): void;
  /** Delay every answer from now on by this many ms. */
  hold(ms: number): void;
  /** Forgets what was received and scripted. */
  reset(): void;
  close(): Promise<void>;
}

/** A loopback endpoint standing in for the project's webhook route. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedEvent[] = [];
  const statuses: number[] = [];
  let holdMs = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      const status = statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}'), holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zoom`,
    received,
    answer: (...next) => statuses.push(...next),
    hold: (ms) => {
      holdMs = ms;
    },
    reset: () => {
      received.length = 0;
      statuses.length = 0;
      holdMs = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
