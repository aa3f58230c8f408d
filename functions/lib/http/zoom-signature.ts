import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidSignatureError } from '../core/errors';

/** The signature is well-formed and fresh but no accepted token made it: maybe a token the cache does not know yet. */
export class SignatureMismatchError extends InvalidSignatureError {}
import type { HttpRequest } from './http-request';

/** Zoom's notifications are a few KiB; anything far larger is refused before the secret is read or an HMAC computed. */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

/** How far Zoom's request timestamp may be from now: older deliveries may be replays. */
export const REPLAY_WINDOW_MS = 300_000;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const SECONDS = /^[0-9]{1,12}$/;

/** Zoom's signature of a delivery: `v0=` + hex HMAC-SHA256(secret token, `v0:{timestamp}:{body bytes}`). */
export function zoomSignature(secretToken: string, timestamp: string, body: Buffer): string {
  const hmac = createHmac('sha256', secretToken);
  hmac.update(`v0:${timestamp}:`, 'utf8');
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Checks `x-zm-signature` over the exact bytes received (never a re-serialised object, which would
 * change key order, spacing and escapes) in constant time against every accepted token (the
 * current one and, while a token is changed, the previous one: each is compared, none skipped),
 * and refuses a timestamp outside the replay window. Throws INVALID_SIGNATURE saying which check
 * failed, never what was expected.
 */
export function verifyZoomSignature(request: HttpRequest, secretTokens: readonly string[], nowMs: number): void {
  const signature = request.header('x-zm-signature')?.trim().toLowerCase();
  const timestamp = request.header('x-zm-request-timestamp')?.trim();
  if (!signature || !timestamp) throw new InvalidSignatureError('x-zm-signature and x-zm-request-timestamp are required');
  if (!SECONDS.test(timestamp)) throw new InvalidSignatureError('x-zm-request-timestamp must be whole seconds since the epoch');
  if (Math.abs(nowMs - Number(timestamp) * 1000) > REPLAY_WINDOW_MS) {
    throw new InvalidSignatureError(`x-zm-request-timestamp is more than ${REPLAY_WINDOW_MS / 1000} s away from now`);
  }
  if (!SIGNATURE.test(signature)) throw new InvalidSignatureError('x-zm-signature is not a v0 HMAC-SHA256 signature');
  const received = Buffer.from(signature, 'utf8');
  let matched = false;
  for (const token of secretTokens) {
    // Both lengths are those of a v0 signature (checked above), as timingSafeEqual needs.
    matched = timingSafeEqual(Buffer.from(zoomSignature(token, timestamp, request.body), 'utf8'), received) || matched;
  }
  if (!matched) throw new SignatureMismatchError('x-zm-signature does not match the body');
}

/** The answer to `endpoint.url_validation`: proves to Zoom that this endpoint holds the secret token. */
export function urlValidationAnswer(plainToken: string, secretToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secretToken).update(plainToken, 'utf8').digest('hex') };
}
