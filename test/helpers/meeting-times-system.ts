import { operatorHandlers } from '../../local/console-handlers';
import type { Clock } from '../../functions/lib/core/clock';
import type { BackoffPolicy } from '../../functions/lib/zoom/zoom-call';
import { InProcessFailureQueue, InProcessStartQueue, type QueuedMessage } from '../../local/in-process-queue';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import type { StartScheduler } from '../../functions/lib/use-cases/ports';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { lazy, liveStreamDeps, meetingsDeps, webhookDeps, zoomAccess, type Overrides, type ZoomAccess } from '../../functions/lib/handlers/composition-root';
import { createLiveStreamHandler } from '../../functions/lib/handlers/live-stream-handler';
import { createMeetingsHandler } from '../../functions/lib/handlers/meetings-handler';
import { createWebhookHandler } from '../../functions/lib/handlers/webhook-handler';
import { drainWithWorker } from './backends';
import type { FunctionName } from '../../functions/lib/http/routes';
import { startLocalApi, type LocalApi, type LocalHandler } from '../../local/local-api';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type RecordedRequest, type ZoomSimulator } from '../zoom-simulator';

export const API_KEY = 'meeting-times-test-key';
export const WEBHOOK_SECRET_TOKEN = 'meeting-times-webhook-secret';

export interface SystemOptions {
  readonly clock: Clock;
  /** Extra function environment (SCHEDULE_* for EventBridge). */
  readonly env?: Record<string, string>;
  readonly pollIntervalMs?: number;
  readonly backoff?: BackoffPolicy;
  /** A scheduler of the test's own (an EventBridge one with a counting client); the project's choice otherwise. */
  readonly scheduler?: StartScheduler;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: any;
}

/**
 * The functions as one container runs them without a stack (`npm start`, tests): the meetings,
 * webhook, start and stop handlers behind the local API Gateway over real HTTP, one memory store, the
 * in-process start queue drained by the start worker's job processor with its meeting-time hooks, and
 * the project's choice of start scheduler. Zoom is the simulator on the same clock, sending its
 * signed events to the webhook route.
 */
export interface MeetingTimesSystem {
  readonly zoom: ZoomSimulator;
  /** The one Zoom access every function of this container shares (its secret cache, its tokens). */
  readonly runtime: ZoomAccess;
  /** What every function is built with (the composition root's overrides). */
  readonly overrides: Overrides;
  readonly store: MemoryMeetingStore;
  readonly startQueue: InProcessStartQueue;
  readonly failures: InProcessFailureQueue;
  /** Queue messages that failed every delivery (SQS would move them to its dead-letter queue). */
  readonly deadLetters: readonly QueuedMessage[];
  readonly scheduler: StartScheduler;
  readonly apiUrl: string;
  /** The handlers behind the API, for plain payloads (a Scheduler input, a direct invoke). */
  readonly handlers: Readonly<Record<FunctionName, LocalHandler>>;
  api(method: 'GET' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<ApiAnswer>;
  /** Waits for webhook deliveries and every queue message to be handled (none may be waiting on the clock). */
  settle(): Promise<void>;
  /** Zoom REST requests as `METHOD /path`, in order. */
  zoomCalls(): string[];
  close(): Promise<void>;
}

export async function startMeetingTimesSystem(options: SystemOptions): Promise<MeetingTimesSystem> {
  const { clock } = options;
  const zoom = await startZoomSimulator({ now: () => clock.now() });
  const env = {
    ZOOM_SECRET_ID: 'test/meeting-times',
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
    ...options.env,
  };
  const base: Overrides = {
    clock,
    random: () => 0.5,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    readSecret: async () => JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: WEBHOOK_SECRET_TOKEN }),
  };
  const runtime = zoomAccess(env, base);
  const store = new MemoryMeetingStore();
  const deadLetters: QueuedMessage[] = [];
  const startQueue = new InProcessStartQueue({ clock, onDeadLetter: (message) => deadLetters.push(message) });
  const failures = new InProcessFailureQueue();
  // As one container of every function: the queue's consumer is the start worker with its
  // meeting-time steps, all built by the composition root over the same parts.
  const overrides: Overrides = {
    ...base,
    zoomAccess: runtime,
    webhookSecret: runtime.secret,
    store,
    failures: new MemoryFailureStore(),
    startQueue,
    failureQueue: failures,
    ...(options.scheduler ? { scheduler: options.scheduler } : {}),
  };
  const meetings = meetingsDeps(env, overrides);
  const scheduler = meetings.scheduler;
  const shared: Overrides = { ...overrides, scheduler };
  drainWithWorker(env, startQueue, () => shared);
  const handlers: Record<FunctionName, LocalHandler> = {
    start: createLiveStreamHandler('start', lazy(() => liveStreamDeps(env, shared))),
    stop: createLiveStreamHandler('stop', lazy(() => liveStreamDeps(env, shared))),
    meetings: createMeetingsHandler(() => meetings),
    webhook: createWebhookHandler(lazy(() => webhookDeps(env, shared))),
    ...operatorHandlers(env, shared),
  };
  let api: LocalApi | undefined;
  try {
    api = await startLocalApi({
      handlers,
      apiKey: API_KEY,
      port: 0,
      host: '127.0.0.1',
    });
  } catch (error) {
    await zoom.close();
    throw error;
  }
  const apiUrl = api.url;
  zoom.configureWebhooks({ url: `${apiUrl}/webhooks/zoom`, secretToken: WEBHOOK_SECRET_TOKEN });

  return {
    zoom,
    runtime,
    overrides: shared,
    store,
    startQueue,
    failures,
    deadLetters,
    scheduler,
    apiUrl,
    handlers,
    api: async (method, path, body) => {
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { 'x-api-key': API_KEY, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    settle: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await zoom.whenDelivered();
      await startQueue.drain();
      await zoom.whenDelivered();
      await startQueue.drain();
    },
    zoomCalls: () => zoom.apiRequests.map(describeRequest),
    close: async () => {
      await zoom.whenDelivered();
      zoom.configureWebhooks(undefined);
      await api?.close();
      await zoom.close();
    },
  };
}

const describeRequest = (request: RecordedRequest): string => `${request.method} ${request.path}`;

/**
 * Polls `condition` between real event-loop turns until it holds; for work that continues after a
 * message waits on the manual clock, where draining the queue would wait for ever. Fails naming what
 * never happened.
 */
export async function until(condition: () => boolean, what: string, attempts = 2000): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}
