import { lazy, startWorkerDeps } from './lib/handlers/composition-root';
import { createStartWorkerHandler } from './lib/handlers/start-worker-handler';

/** Drains the start queue: scheduled, webhook, meeting-time, retry and keep-alive starts, and continuations. */
export const handler = createStartWorkerHandler(lazy(() => startWorkerDeps(process.env)));
