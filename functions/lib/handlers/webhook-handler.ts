import { AwsUnavailableError, InvalidRequestError } from '../core/errors';
import { describeTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS } from '../aws/aws-call';
import { readHttpRequest } from '../http/http-request';
import { jsonResponse } from '../http/http-response';
import { urlValidationAnswer, verifyZoomSignature } from '../http/zoom-signature';
import { handleZoomEvent } from '../use-cases/zoom-events';
import { webhookSecretToken } from '../zoom/credentials';
import { parseZoomEvent } from '../zoom/zoom-event';
import { apiHandler } from './api-handler';
import type { Runtime } from './runtime';
import type { Services } from './services';
import { handOffIsDurable } from './wiring';

/** Zoom waits 3 s for an answer; answering an error sooner gets the delivery retried instead of lost. */
export const WEBHOOK_BUDGET_MS = 2500;

export interface WebhookHandlerDeps {
  readonly getRuntime: () => Runtime;
  readonly getServices: (runtime: Runtime) => Services;
}

/**
 * `POST /webhooks/zoom`: Zoom's event notifications. Nothing is looked at before the signature
 * checks out; the answer never waits for Zoom's API: starts and meeting changes are handed off to
 * the start queue.
 */
export function createWebhookHandler(deps: WebhookHandlerDeps) {
  return apiHandler('webhook', 'zoom webhook', async (event, remainingMs, fields) => {
    const request = readHttpRequest(event, 'webhook');
    const runtime = deps.getRuntime();
    const budget = new TimeBudget(runtime.clock, Math.min(WEBHOOK_BUDGET_MS, Math.max(0, remainingMs - 1000)));
    const timeout = budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS);
    if (timeout === undefined) throw new AwsUnavailableError('the time budget ran out before the secret was read');
    const secretToken = webhookSecretToken(await runtime.secret.get(timeout));
    verifyZoomSignature(request, secretToken, runtime.clock.now());
    const zoomEvent = parseZoomEvent(request.body);
    fields.event = zoomEvent.event;
    if (zoomEvent.event === 'endpoint.url_validation') {
      if (!zoomEvent.plainToken) throw new InvalidRequestError('payload.plainToken: is required for endpoint.url_validation');
      fields.result = 'validated';
      return jsonResponse(200, urlValidationAnswer(zoomEvent.plainToken, secretToken));
    }
    const services = deps.getServices(runtime);
    const result = await handleZoomEvent(zoomEvent, budget, { store: services.store, startQueue: services.startQueue, clock: runtime.clock });
    if (!handOffIsDurable(runtime, services)) await services.inProcessQueue?.drain();
    Object.assign(fields, { target: result.target ? describeTarget(result.target) : undefined, result: result.result });
    return jsonResponse(200, { event: result.event, result: result.result });
  });
}
