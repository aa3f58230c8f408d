import {
  ConfigurationError,
  MeetingNotFoundError,
  RateLimitedError,
  TokenRejectedError,
  ZoomRejectedError,
  ZoomUnavailableError,
  type ZoomDetail,
} from '../core/errors';
import { scrub } from '../core/redaction';
import { parseRetryAfter, retryAfterFromMessage } from './retry-after';

export interface ZoomAnswer {
  readonly status: number;
  readonly data: unknown;
  readonly headers: Readonly<Record<string, unknown>>;
}

/** Reads Zoom's `{code, message}` error body and tracking id, whatever shape actually arrived. */
export function zoomDetail(answer: ZoomAnswer): ZoomDetail {
  let body = answer.data;
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      body = JSON.parse(body);
    } catch {
      // Not JSON after all: keep the status alone.
    }
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
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

/** One mapping from a non-2xx Zoom answer to the contract's errors (CONTRACT.md, "What the handlers answer"). */
export function zoomError(answer: ZoomAnswer, meetingId: string, nowMs: number): Error {
  const zoom = zoomDetail(answer);
  const said = zoom.zoomMessage ? `: ${zoom.zoomMessage}` : '';
  const { status } = answer;
  if (status === 401) return new TokenRejectedError(zoom);
  if (status === 404 || status === 300) {
    return new MeetingNotFoundError(`Zoom has no meeting ${meetingId} (HTTP ${status}${said})`, zoom);
  }
  if (status === 429) return rateLimitedError(answer, nowMs);
  if (status >= 300 && status < 400) {
    // Only a wrong ZOOM_API_BASE_URL (http instead of https, a stale host) redirects; retrying cannot help.
    const location = answer.headers.location;
    return new ConfigurationError(
      `Zoom answered HTTP ${status}${typeof location === 'string' ? ` (redirect to ${location})` : ''}: check ZOOM_API_BASE_URL`,
      zoom,
    );
  }
  if (status >= 400 && status < 500) {
    return new ZoomRejectedError(`Zoom refused the request (HTTP ${status}${zoom.zoomCode ? `, code ${zoom.zoomCode}` : ''}${said})`, zoom);
  }
  return new ZoomUnavailableError(`Zoom answered HTTP ${status}${said}`, zoom);
}
