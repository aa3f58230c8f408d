/**
 * Values that must never leave the function in a log line, an error or a response: credentials and
 * tokens, registered as soon as they are read or issued. Key names catch the obvious fields; the
 * value scan catches a secret that slipped into a message, e.g. echoed back by Zoom.
 */
const secretValues = new Set<string>();
// stream_key: a live stream key lets anyone broadcast to the target; Zoom's live stream events carry it.
const SECRET_KEY = /authorization|token|secret|password|credential|stream_?key/i;
const MAX_REMEMBERED = 32;
const REDACTED = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  // Re-registering moves a value to the newest end, so the long-lived client secret is never the
  // one dropped when hourly tokens fill the set.
  secretValues.delete(value);
  secretValues.add(value);
  if (secretValues.size > MAX_REMEMBERED) {
    const oldest = secretValues.values().next().value;
    if (oldest !== undefined) secretValues.delete(oldest);
  }
}

/** `text` with every registered secret replaced. */
export function scrub(text: string): string {
  let result = text;
  for (const secret of secretValues) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A JSON replacer for log records: secret-named fields hidden, every string scrubbed. */
export function redact(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key && SECRET_KEY.test(key)) return REDACTED;
  return scrub(value);
}
