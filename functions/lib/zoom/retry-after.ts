const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Milliseconds to wait from a `Retry-After` header. Zoom has been seen sending seconds, and documents
 * an ISO timestamp for daily limits; RFC 9110 also allows an HTTP date. Undefined when absent or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only the two date forms on record: V8's Date.parse also reads junk like "-1" as a past date,
  // which would turn a rate limit into an instant retry.
  if (!HTTP_DATE.test(value) && !ISO_TIMESTAMP.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Zoom's live stream start limit says "retry making a new request after 30 seconds" in its message. */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  const match = message && /after (\d+) seconds?/i.exec(message);
  return match ? Number(match[1]) * 1000 : undefined;
}
