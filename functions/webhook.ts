import { meetingTimesHooks } from './lib/handlers/meeting-times-wiring';
import { lazyRuntime } from './lib/handlers/runtime';
import { createWebhookHandler, webhookEnv } from './lib/handlers/webhook-handler';
import { wireServices } from './lib/handlers/wiring';

/** `POST /webhooks/zoom`: Zoom's signed event notifications. */
export const handler = createWebhookHandler({
  getRuntime: lazyRuntime({ env: webhookEnv(process.env) }),
  getServices: (runtime) => wireServices(runtime, undefined, meetingTimesHooks(runtime)),
});
