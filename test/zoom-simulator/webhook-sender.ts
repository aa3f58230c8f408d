import { randomBytes } from 'node:crypto';
import type { WebhookConfig, WebhookDelivery, WebhookResult } from './types';
import { webhookSignature } from './webhook-signature';

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Posts signed event notifications, one after another so a receiver sees them in emission order.
 * A non-2xx answer or a failure gets exactly one immediate redelivery (Zoom retries minutes later,
 * several times; one quick retry keeps tests fast while still exercising duplicate handling).
 */
export class WebhookSender {
  private config?: WebhookConfig;
  private readonly log: WebhookDelivery[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private idle: (() => void)[] = [];
  /** Deliveries started before a `clear()` must not reappear in the log after it. */
  private generation = 0;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly now: () => number) {}

  configure(config: WebhookConfig | undefined): void {
    this.config = config ? { ...config } : undefined;
  }

  get configured(): boolean {
    return this.config !== undefined;
  }

  get deliveries(): readonly WebhookDelivery[] {
    return [...this.log];
  }

  /** Queues an event; undefined (nothing sent) when no receiver is configured. */
  send(event: string, payload: object): Promise<WebhookResult> | undefined {
    const config = this.config;
    if (!config) return undefined;
    // Serialised now, so event_ts is the emission time, not the delivery time.
    const body = JSON.stringify({ event, event_ts: this.now(), payload });
    this.pending += 1;
    const delivery = this.queue.then(() => this.deliver(config, event, body));
    const done = (): void => {
      this.pending -= 1;
      if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    this.queue = delivery.then(done, done);
    return delivery;
  }

  /** Resolves once every event emitted so far has been delivered or given up on. */
  whenDelivered(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  clear(): void {
    this.log.length = 0;
    this.generation += 1;
  }

  close(): void {
    this.closed = true;
    this.config = undefined;
    for (const controller of this.inFlight) controller.abort();
  }

  private async deliver(config: WebhookConfig, event: string, body: string): Promise<WebhookResult> {
    if (this.closed) return { status: 0, body: '' };
    const generation = this.generation;
    const first = await this.attempt(config, event, body, 1, undefined);
    if (generation === this.generation) this.log.push(first.delivery);
    if (first.delivery.status !== undefined && first.delivery.status >= 200 && first.delivery.status < 300) return first.result;
    if (this.closed) return first.result;
    const second = await this.attempt(config, event, body, 2, first.timestamp);
    if (generation === this.generation) this.log.push(second.delivery);
    return second.result;
  }

  private async attempt(
    config: WebhookConfig,
    event: string,
    body: string,
    attempt: 1 | 2,
    previousTimestamp: number | undefined,
  ): Promise<{ delivery: WebhookDelivery; result: WebhookResult; timestamp: number }> {
    // A redelivery is signed anew; on a frozen test clock it still needs a later timestamp.
    let timestamp = Math.floor(this.now() / 1000);
    if (previousTimestamp !== undefined && timestamp <= previousTimestamp) timestamp = previousTimestamp + 1;
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Zoom Marketplace/1.0a',
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': webhookSignature(config.secretToken, timestamp, body),
      'x-zm-trackingid': `v=2.0;clid=sim;rid=WEBHOOK_${randomBytes(16).toString('hex')}`,
    };
    const base = { event, attempt, url: config.url, headers, body };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.inFlight.add(controller);
    try {
      const response = await fetch(config.url, { method: 'POST', headers, body, signal: controller.signal });
      const responseBody = await response.text();
      return { delivery: { ...base, status: response.status, responseBody }, result: { status: response.status, body: responseBody }, timestamp };
    } catch (error) {
      const message = controller.signal.aborted ? 'timeout or closed' : error instanceof Error ? causeOf(error) : String(error);
      return { delivery: { ...base, error: message }, result: { status: 0, body: '' }, timestamp };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}

/** fetch reports every network failure as "fetch failed"; the cause says which. */
function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
