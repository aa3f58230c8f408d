import { ConfigurationError, MeetingNotFoundError, MissingScopeError, RateLimitedError, TokenRejectedError, ZoomRejectedError, ZoomUnavailableError, type ZoomDetail } from '../core/errors';
import { scrub } from '../core/redaction';
import { describeTarget, type LiveStreamTarget } from '../core/target';
import { asRecord } from './meeting';

export interface ZoomAnswer {
  readonly status: number;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, unknown>>;
}

/** Zoom's error body, whatever shape actually arrived; `{}` when it is not a JSON object. */
export const zoomBody = (answer: ZoomAnswer): Record<string, unknown> => asRecord(answer.data);

/** Reads Zoom's `{code, message}` error body and tracking id. */
export function zoomDetail(answer: ZoomAnswer): ZoomDetail {
  const record = zoomBody(answer);
  const trackingId = answer.headers['x-zm-trackingid'];
  return {
    zoomStatus: answer.status,
    zoomCode: typeof record.code === 'number' ? record.code : undefined,
    zoomMessage: typeof record.message === 'string' ? scrub(record.message.slice(0, 500)) : undefined,
    zoomTrackingId: typeof trackingId === 'string' ? trackingId : undefined,
  };
}

/** Zoom's 429, with how long it asked us to wait: the header in any of its forms, else its message. */
export function rateLimitedError(answer: ZoomAnswer, nowMs: number): RateLimitedError {
  const zoom = zoomDetail(answer);
  const header = answer.headers['retry-after'];
  const retryAfterMs =
    parseRetryAfter(typeof header === 'string' ? header : undefined, nowMs) ?? retryAfterFromMessage(zoom.zoomMessage);
  return new RateLimitedError(`Zoom rate limited the request${zoom.zoomMessage ? `: ${zoom.zoomMessage}` : ''}`, zoom, retryAfterMs);
}

/**
 * Zoom's per-meeting rule: a second start within 30 seconds is refused with this 429 ("Too many
 * requests submitted to start the live stream of this meeting"), unlike the per-second account limit.
 */
export function isRepeatedStartRefusal(error: unknown): boolean {
  return error instanceof RateLimitedError && /start the live stream/i.test(error.zoom.zoomMessage ?? '');
}

/** Codes with which Zoom refuses a token that lacks a scope ("does not contain scopes:[…]"). */
const MISSING_SCOPE_CODES = new Set([4700, 4711]);
/** Codes that name a meeting or webinar that does not exist (3001) or an id Zoom cannot read (300). */
const NOT_FOUND_CODES = new Set([300, 3001]);

/** Scope names quoted in Zoom's message, e.g. `…does not contain scopes:[meeting:read:admin]`. */
export function scopesInMessage(message: string | undefined): string[] {
  const list = /scopes?\s*:?\s*\[([^\]]*)\]/i.exec(message ?? '')?.[1] ?? '';
  return list.split(/[,\s]+/).filter((scope) => /^[\w:.-]+$/.test(scope));
}

/**
 * One mapping from a non-2xx Zoom answer to the system's errors. Zoom's code decides before its
 * HTTP status where it is specific: webinars send every refusal as 400, and "invalid id" (300)
 * arrives as HTTP 300 or inside a 400.
 */
export function zoomError(answer: ZoomAnswer, target: LiveStreamTarget, nowMs: number): Error {
  const zoom = zoomDetail(answer);
  const said = zoom.zoomMessage ? `: ${zoom.zoomMessage}` : '';
  const { status } = answer;
  const code = zoom.zoomCode;
  if (code !== undefined && MISSING_SCOPE_CODES.has(code)) return new MissingScopeError(scopesInMessage(zoom.zoomMessage), zoom);
  if (status === 401) return new TokenRejectedError(zoom);
  if (status === 429) return rateLimitedError(answer, nowMs);
  if (status === 300 || (status >= 400 && status < 500 && code !== undefined && NOT_FOUND_CODES.has(code) && !namesOtherFields(answer))) {
    return new MeetingNotFoundError(`Zoom has no ${describeTarget(target)} (HTTP ${status}${code !== undefined ? `, code ${code}` : ''}${said})`, zoom);
  }
  if (status === 404 && code === undefined) {
    return new MeetingNotFoundError(`Zoom has no ${describeTarget(target)} (HTTP 404${said})`, zoom);
  }
  if (status >= 300 && status < 400) {
    // Only a wrong ZOOM_API_BASE_URL (http instead of https, a stale host) redirects; retrying cannot help.
    const location = answer.headers.location;
    return new ConfigurationError(
      `Zoom answered HTTP ${status}${typeof location === 'string' ? ` (redirect to ${location})` : ''}: check ZOOM_API_BASE_URL`,
      zoom,
    );
  }
  if (status >= 400 && status < 500) {
    return new ZoomRejectedError(`Zoom refused the request (HTTP ${status}${code !== undefined ? `, code ${code}` : ''}${said})`, zoom);
  }
  return new ZoomUnavailableError(`Zoom answered HTTP ${status}${said}`, zoom, true);
}

/**
 * Code 300 is also Zoom's "Validation Failed." for a body field; with `errors` naming fields other
 * than the id it is a refusal of what was sent, not a missing meeting.
 */
function namesOtherFields(answer: ZoomAnswer): boolean {
  const errors = zoomBody(answer).errors;
  if (!Array.isArray(errors)) return false;
  return errors.some((entry) => {
    const field = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).field : undefined;
    return typeof field === 'string' && !/id$/i.test(field);
  });
}

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
