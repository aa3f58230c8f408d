import { lazy, webhookDeps } from './lib/handlers/composition-root';
import { createWebhookHandler } from './lib/handlers/webhook-handler';

/** `POST /webhooks/zoom`: Zoom's signed event notifications, handed off to the start queue. */
export const handler = createWebhookHandler(lazy(() => webhookDeps(process.env)));
