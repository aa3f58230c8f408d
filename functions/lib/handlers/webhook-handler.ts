import type { Context } from 'aws-lambda';
import { AwsUnavailableError, InvalidRequestError } from '../core/errors';
import { logger } from '../core/logger';
import { describeTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS } from '../aws/aws-call';
import { detectSource, isHttpSource, readHttpRequest, type HttpEvent } from '../http/http-request';
import { errorResponse, jsonResponse } from '../http/http-response';
import { urlValidationAnswer, verifyZoomSignature } from '../http/zoom-signature';
import { handleZoomEvent } from '../use-cases/zoom-events';
import { webhookSecretToken } from '../zoom/credentials';
import { parseZoomEvent, type ZoomEvent } from '../zoom/zoom-event';
import { logOutcome } from './request-log';
import type { Runtime } from './runtime';
import type { Services } from './services';
import { handOffIsDurable } from './wiring';

/** Zoom waits 3 s for an answer; answering an error sooner gets the delivery retried instead of lost. */
export const WEBHOOK_BUDGET_MS = 2500;
const DEFAULT_REMAINING_MS = 30_000;

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
  return async function handler(event: unknown, context?: Context) {
    const startedAt = performance.now();
    if (context) logger.addContext(context);
    const source = detectSource(event);
    let zoomEvent: ZoomEvent | undefined;
    try {
      if (!isHttpSource(source)) throw new InvalidRequestError('event: the webhook function takes API Gateway requests only');
      const request = readHttpRequest(event as HttpEvent, 'webhook');
      const runtime = deps.getRuntime();
      const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
      const budget = new TimeBudget(runtime.clock, Math.min(WEBHOOK_BUDGET_MS, Math.max(0, remaining - 1000)));
      const timeout = budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS);
      if (timeout === undefined) throw new AwsUnavailableError('the time budget ran out before the secret was read');
      const secretToken = webhookSecretToken(await runtime.secret.get(timeout));
      verifyZoomSignature(request, secretToken, runtime.clock.now());
      zoomEvent = parseZoomEvent(request.body);
      if (zoomEvent.event === 'endpoint.url_validation') {
        if (!zoomEvent.plainToken) throw new InvalidRequestError('payload.plainToken: is required for endpoint.url_validation');
        logOutcome('zoom webhook', { event: zoomEvent.event, result: 'validated', durationMs: elapsed(startedAt) });
        return jsonResponse(200, urlValidationAnswer(zoomEvent.plainToken, secretToken));
      }
      const services = deps.getServices(runtime);
      const result = await handleZoomEvent(zoomEvent, budget, {
        store: services.store,
        startQueue: services.startQueue,
        clock: runtime.clock,
      });
      if (!handOffIsDurable(runtime, services)) await services.inProcessQueue?.drain();
      logOutcome('zoom webhook', {
        event: zoomEvent.event,
        target: result.target ? describeTarget(result.target) : undefined,
        result: result.result,
        durationMs: elapsed(startedAt),
      });
      return jsonResponse(200, { event: result.event, result: result.result });
    } catch (error) {
      logOutcome('zoom webhook', { event: zoomEvent?.event, source, durationMs: elapsed(startedAt) }, error);
      if (!isHttpSource(source)) throw error;
      return errorResponse(error);
    }
  };
}

const elapsed = (since: number): number => Math.round(performance.now() - since);
