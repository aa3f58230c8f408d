import { meetingTimesHooks } from './lib/handlers/meeting-times-wiring';
import { lazyRuntime } from './lib/handlers/runtime';
import { createStartWorkerHandler } from './lib/handlers/start-worker-handler';
import { wireServices } from './lib/handlers/wiring';

/** Drains the start queue: scheduled starts, webhook hand-offs, meeting-time starts and continuations. */
export const handler = createStartWorkerHandler(
  lazyRuntime(),
  (runtime) => wireServices(runtime, undefined, meetingTimesHooks(runtime)),
  (runtime, services) => meetingTimesHooks(runtime)(services),
);
