import { createHmac } from 'node:crypto';

/** Zoom's `x-zm-signature`: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed by the secret token. */
export function webhookSignature(secretToken: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}
