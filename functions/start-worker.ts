import { notifierFromEnv } from './lib/aws/sns-failure-notifier';
import { meetingTimesHooks } from './lib/handlers/meeting-times-wiring';
import { lazy, lazyRuntime } from './lib/handlers/runtime';
import { createStartWorkerHandler } from './lib/handlers/start-worker-handler';
import { wireServices } from './lib/handlers/wiring';

const getRuntime = lazyRuntime();
// Wired once per container: the notifier (and its SNS client) is built with the services, not per batch.
// The one function that records start failures, so the one that announces them (FAILURE_TOPIC_ARN).
const getServices = lazy(() => {
  const runtime = getRuntime();
  return wireServices(runtime, { notifier: notifierFromEnv(runtime.env) }, meetingTimesHooks(runtime));
});

/** Drains the start queue: scheduled starts, webhook hand-offs, meeting-time starts and continuations. */
export const handler = createStartWorkerHandler(getRuntime, () => getServices(), (runtime, services) => meetingTimesHooks(runtime)(services));
