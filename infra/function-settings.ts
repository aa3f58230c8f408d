import { Duration } from 'aws-cdk-lib';
import { FUNCTIONS } from '../functions/lib/handlers/function-catalogue';

/** The start worker's timeout (function-catalogue.ts): the start queue's visibility timeout is six times it. */
export const START_WORKER_TIMEOUT = Duration.seconds(FUNCTIONS.startWorker.timeoutSeconds);

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
