import { notifierFromEnv } from './lib/aws/sns-failure-notifier';
import { meetingTimesHooks } from './lib/handlers/meeting-times-wiring';
import { lazyRuntime } from './lib/handlers/runtime';
import { createStartWorkerHandler } from './lib/handlers/start-worker-handler';
import { wireServices } from './lib/handlers/wiring';

/** Drains the start queue: scheduled starts, webhook hand-offs, meeting-time starts and continuations. */
export const handler = createStartWorkerHandler(
  lazyRuntime(),
  // The one function that records start failures, so the one that announces them (FAILURE_TOPIC_ARN).
  (runtime) => wireServices(runtime, { notifier: notifierFromEnv(runtime.env) }, meetingTimesHooks(runtime)),
  (runtime, services) => meetingTimesHooks(runtime)(services),
);
