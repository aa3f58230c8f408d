/**
 * Values that must never leave the function in a log line, an error or a response: credentials and
 * tokens, registered as soon as they are read or issued. Key names catch the obvious fields; the
 * value scan catches a secret that slipped into a message, e.g. echoed back by Zoom.
 */
const secretValues = new Set<string>();
/**
 * Credentials that live for months (the client secret, webhook tokens), kept apart from the
 * short-lived ones so that no number of stream keys or hourly tokens can push them out.
 */
const longLivedValues = new Set<string>();
const MAX_LONG_LIVED = 16;
// stream_key: a live stream key lets anyone broadcast to the target; Zoom's live stream events carry it.
const SECRET_KEY = /authorization|token|secret|password|credential|stream_?key/i;
const MAX_REMEMBERED = 32;
const REDACTED = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  if (longLivedValues.has(value)) return;
  // Re-registering moves a value to the newest end.
  secretValues.delete(value);
  secretValues.add(value);
  if (secretValues.size > MAX_REMEMBERED) {
    const oldest = secretValues.values().next().value;
    if (oldest !== undefined) secretValues.delete(oldest);
  }
}

/**
 * A credential read from the secret: scrubbed for as long as the process lives, apart from the
 * short-lived values. Bounded only against a secret rotated many times in one container.
 */
export function registerLongLivedSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  longLivedValues.delete(value);
  longLivedValues.add(value);
  if (longLivedValues.size > MAX_LONG_LIVED) {
    const oldest = longLivedValues.values().next().value;
    if (oldest !== undefined) longLivedValues.delete(oldest);
  }
}

/** `text` with every registered secret replaced. */
export function scrub(text: string): string {
  let result = text;
  for (const values of [longLivedValues, secretValues]) {
    for (const secret of values) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
  }
  return result;
}

/** A JSON replacer for log records: secret-named fields hidden, every string scrubbed. */
export function redact(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key && SECRET_KEY.test(key)) return REDACTED;
  return scrub(value);
}
