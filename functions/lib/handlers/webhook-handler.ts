import { AwsUnavailableError, InvalidRequestError, PayloadTooLargeError } from '../core/errors';
import { describeTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS } from '../aws/aws-call';
import { readHttpRequest, type HttpRequest } from '../http/http-request';
import { jsonResponse } from '../http/http-response';
import { SignatureMismatchError, urlValidationAnswer, verifyZoomSignature, WEBHOOK_MAX_BODY_BYTES } from '../http/zoom-signature';

export { WEBHOOK_MAX_BODY_BYTES };
import { handleZoomEvent } from '../use-cases/webhook-events';
import { webhookTokens, type SecretContents } from '../zoom/credentials';
import { parseZoomEvent } from '../zoom/webhook-event';
import { apiHandler } from './api-handler';
import type { Runtime } from './runtime';
import type { Services } from './services';
import { handOffIsDurable } from './wiring';

/** Zoom waits 3 s for an answer; answering an error sooner gets the delivery retried instead of lost. */
export const WEBHOOK_BUDGET_MS = 2500;
/**
 * A signature no cached token matches may come from a token just changed in the secret: the secret
 * is read again, but no more often than this, so forged deliveries cannot turn into a flood of reads.
 */
export const SECRET_REREAD_MS = 60_000;

/**
 * The webhook's environment: with `ZOOM_WEBHOOK_SECRET_ID` (the stack sets it) its secret is that
 * one, holding the webhook tokens only; without it (`npm start`, a single-secret setup) the Zoom
 * secret's `webhookSecretToken` serves.
 */
export function webhookEnv(env: Readonly<Record<string, string | undefined>>): Readonly<Record<string, string | undefined>> {
  const webhookSecretId = env.ZOOM_WEBHOOK_SECRET_ID?.trim();
  return webhookSecretId ? { ...env, ZOOM_SECRET_ID: webhookSecretId } : env;
}

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
    if (request.body.length > WEBHOOK_MAX_BODY_BYTES) {
      throw new PayloadTooLargeError(`body: is ${request.body.length} bytes, larger than the ${WEBHOOK_MAX_BODY_BYTES} a Zoom notification may be`);
    }
    const runtime = deps.getRuntime();
    const budget = new TimeBudget(runtime.clock, Math.min(WEBHOOK_BUDGET_MS, Math.max(0, remainingMs - 1000)));
    const secret = await verifiedSecret(request, runtime, budget);
    const tokens = webhookTokens(secret);
    const zoomEvent = parseZoomEvent(request.body);
    fields.event = zoomEvent.event;
    if (zoomEvent.event === 'endpoint.url_validation') {
      if (!zoomEvent.plainToken) throw new InvalidRequestError('payload.plainToken: is required for endpoint.url_validation');
      fields.result = 'validated';
      // Always the current token: it is the one the Zoom app is being (re)validated with.
      return jsonResponse(200, urlValidationAnswer(zoomEvent.plainToken, tokens.current));
    }
    const services = deps.getServices(runtime);
    const result = await handleZoomEvent(zoomEvent, budget, {
      store: services.store,
      startQueue: services.startQueue,
      clock: runtime.clock,
      ...(secret.accountId ? { accountId: secret.accountId } : {}),
    });
    if (!handOffIsDurable(runtime, services)) await services.inProcessQueue?.drain();
    Object.assign(fields, { target: result.target ? describeTarget(result.target) : undefined, result: result.result });
    return jsonResponse(200, { event: result.event, result: result.result });
  });
}

/**
 * The secret whose tokens signed the request. On a mismatch the secret is read again (at most once
 * per SECRET_REREAD_MS) and checked once more, so that a token changed in the secret is taken up
 * by warm containers within a minute instead of after the cache's lifetime.
 */
async function verifiedSecret(request: HttpRequest, runtime: Runtime, budget: TimeBudget): Promise<SecretContents> {
  const timeout = () => {
    const ms = budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS);
    if (ms === undefined) throw new AwsUnavailableError('the time budget ran out before the secret was read');
    return ms;
  };
  const secret = await runtime.secret.get(timeout());
  try {
    verifyZoomSignature(request, webhookTokens(secret).accepted, runtime.clock.now());
    return secret;
  } catch (error) {
    if (!(error instanceof SignatureMismatchError)) throw error;
    const reread = await runtime.secret.refresh(SECRET_REREAD_MS, timeout());
    if (!reread) throw error;
    verifyZoomSignature(request, webhookTokens(reread).accepted, runtime.clock.now());
    return reread;
  }
}
