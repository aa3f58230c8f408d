import { Duration } from 'aws-cdk-lib';
import type { CatalogueName } from '../functions/lib/handlers/function-catalogue';
import { FUNCTION_TIMEOUT } from './live-stream-function';

/**
 * 60 s: a start job waits for its meeting within one invocation only briefly, then continues through
 * the queue, so a longer timeout would only hold a container; the queue's visibility timeout is six
 * times this.
 */
export const START_WORKER_TIMEOUT = Duration.seconds(60);

/** Functions behind API Gateway only: its integration gives up after 29 s anyway. */
export const API_FUNCTION_TIMEOUT = Duration.seconds(30);

/** Records per worker invocation; each runs as its own job, failures are reported per record. */
export const START_WORKER_BATCH_SIZE = 10;

/**
 * Concurrent worker invocations the event source may run (2 to 1000). Bounds the Zoom calls a burst of
 * starts makes at once; to be tuned against Zoom's rate limits.
 */
export const START_WORKER_MAX_CONCURRENCY = 10;

/**
 * Zoom's per-account limit for its "Light" APIs (the live stream and meeting calls) on a Pro account:
 * 30 requests a second, shared by every app of the account. Live streaming needs Pro or higher, so
 * this is the lowest limit that matters; Business and above have 80 (`-c zoomRateLimit=80`). The
 * start worker containers share it (infra/start-worker-rate.ts).
 */
export const ZOOM_LIGHT_RATE_LIMIT = 30;

export interface FunctionSettings {
  readonly timeout: Duration;
  /** See LiveStreamFunctionProps.invokedAsynchronously. */
  readonly invokedAsynchronously: boolean;
}

/**
 * What is not about the code (function-catalogue.ts) but about how the function is invoked. Only start
 * and stop are invoked asynchronously (schedules of one's own, EventBridge rules, direct invokes);
 * meetings and webhook answer API Gateway, and the start worker's failure path is the queue's redrive.
 */
export const FUNCTION_SETTINGS: Readonly<Record<CatalogueName, FunctionSettings>> = {
  start: { timeout: FUNCTION_TIMEOUT, invokedAsynchronously: true },
  stop: { timeout: FUNCTION_TIMEOUT, invokedAsynchronously: true },
  meetings: { timeout: API_FUNCTION_TIMEOUT, invokedAsynchronously: false },
  webhook: { timeout: API_FUNCTION_TIMEOUT, invokedAsynchronously: false },
  startWorker: { timeout: START_WORKER_TIMEOUT, invokedAsynchronously: false },
  operator: { timeout: API_FUNCTION_TIMEOUT, invokedAsynchronously: false },
  console: { timeout: API_FUNCTION_TIMEOUT, invokedAsynchronously: false },
};
