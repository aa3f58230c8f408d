import { AwsUnavailableError, InvalidRequestError, PayloadTooLargeError } from '../core/errors';
import { describeTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS } from '../aws/aws-call';
import { readHttpRequest, type HttpRequest } from '../http/http-request';
import { jsonResponse } from '../http/http-response';
import { SignatureMismatchError, urlValidationAnswer, verifyZoomSignature, WEBHOOK_MAX_BODY_BYTES } from '../http/zoom-signature';
import { handleZoomEvent } from '../use-cases/webhook-events';
import { webhookTokens, type SecretContents } from '../zoom/credentials';
import { parseZoomEvent } from '../zoom/event-notification';
import { apiHandler } from './api-handler';
import type { WebhookDeps } from './composition-root';

/** Zoom waits 3 s for an answer; answering an error sooner gets the delivery retried instead of lost. */
export const WEBHOOK_BUDGET_MS = 2500;
/**
 * A signature no cached token matches may come from a token just changed in the secret: the secret
 * is read again, but no more often than this, so forged deliveries cannot turn into a flood of reads.
 */
export const SECRET_REREAD_MS = 60_000;

/**
 * `POST /webhooks/zoom`: Zoom's event notifications. Nothing is looked at before the signature
 * checks out; the answer never waits for Zoom's API: starts and meeting changes are handed off to
 * the start queue.
 */
export function createWebhookHandler(getDeps: () => WebhookDeps) {
  return apiHandler('webhook', 'zoom webhook', async (event, remainingMs, fields) => {
    const request = readHttpRequest(event, 'webhook');
    if (request.body.length > WEBHOOK_MAX_BODY_BYTES) {
      throw new PayloadTooLargeError(`body: is ${request.body.length} bytes, larger than the ${WEBHOOK_MAX_BODY_BYTES} a Zoom notification may be`);
    }
    const deps = getDeps();
    const budget = new TimeBudget(deps.clock, Math.min(WEBHOOK_BUDGET_MS, Math.max(0, remainingMs - 1000)));
    const secret = await verifiedSecret(request, deps, budget);
    const tokens = webhookTokens(secret);
    const zoomEvent = parseZoomEvent(request.body);
    fields.event = zoomEvent.event;
    if (zoomEvent.event === 'endpoint.url_validation') {
      if (!zoomEvent.plainToken) throw new InvalidRequestError('payload.plainToken: is required for endpoint.url_validation');
      fields.result = 'validated';
      // Always the current token: it is the one the Zoom app is being (re)validated with.
      return jsonResponse(200, urlValidationAnswer(zoomEvent.plainToken, tokens.current));
    }
    const result = await handleZoomEvent(zoomEvent, budget, {
      store: deps.store,
      startQueue: deps.startQueue,
      clock: deps.clock,
      ...(secret.accountId ? { accountId: secret.accountId } : {}),
    });
    Object.assign(fields, { target: result.target ? describeTarget(result.target) : undefined, result: result.result });
    return jsonResponse(200, { event: result.event, result: result.result });
  });
}

/**
 * The secret whose tokens signed the request. On a mismatch the secret is read again (at most once
 * per SECRET_REREAD_MS) and checked once more, so that a token changed in the secret is taken up
 * by warm containers within a minute instead of after the cache's lifetime.
 */
async function verifiedSecret(request: HttpRequest, deps: WebhookDeps, budget: TimeBudget): Promise<SecretContents> {
  const timeout = () => {
    const ms = budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS);
    if (ms === undefined) throw new AwsUnavailableError('the time budget ran out before the secret was read');
    return ms;
  };
  const secret = await deps.secret.get(timeout());
  try {
    verifyZoomSignature(request, webhookTokens(secret).accepted, deps.clock.now());
    return secret;
  } catch (error) {
    if (!(error instanceof SignatureMismatchError)) throw error;
    const reread = await deps.secret.refresh(SECRET_REREAD_MS, timeout());
    if (!reread) throw error;
    verifyZoomSignature(request, webhookTokens(reread).accepted, deps.clock.now());
    return reread;
  }
}
