import type { AxiosInstance } from 'axios';
import FormData from 'form-data';
import type { BodyEncoding } from '../core/config';
import type { ZoomDetail } from '../core/errors';
import { describeTarget, zoomPath, type LiveStreamCommand, type LiveStreamTarget } from '../core/target';
import { zoomDetail, zoomError, type ZoomAnswer } from './zoom-errors';
import { deadline, transportFailure } from './http-client';
import { readMeeting, readStreamConfig, type ZoomMeeting, type StreamConfig } from './meeting';

export interface ZoomApiOptions {
  readonly http: AxiosInstance;
  readonly apiBaseUrl: string;
  readonly bodyEncoding: BodyEncoding;
  readonly now: () => number;
}

interface Request {
  readonly method: 'GET' | 'PATCH';
  readonly target: LiveStreamTarget;
  /** Below the target's own path, e.g. `/livestream/status`. */
  readonly path: string;
  readonly what: string;
  readonly body?: { readonly data: string | Buffer; readonly headers: Record<string, string> };
}

/**
 * The Zoom REST calls the system makes, one method each. Every call takes the bearer token and a
 * timeout; a 2xx resolves, anything else is thrown as the mapped error (see `zoom-errors.ts`).
 */
export class ZoomApi {
  constructor(private readonly options: ZoomApiOptions) {}

  /** `PATCH /{meetings|webinars}/{id}/livestream/status`. */
  async updateLiveStreamStatus(command: LiveStreamCommand, token: string, timeoutMs: number): Promise<ZoomDetail> {
    const answer = await this.send(
      {
        method: 'PATCH',
        target: command.target,
        path: '/livestream/status',
        what: `Zoom ${command.action} request for ${describeTarget(command.target)}`,
        body: encodeStatusBody(command, this.options.bodyEncoding),
      },
      token,
      timeoutMs,
    );
    return zoomDetail(answer);
  }

  /** `GET /{meetings|webinars}/{id}`: status, type and times. */
  async getMeeting(target: LiveStreamTarget, token: string, timeoutMs: number): Promise<ZoomMeeting> {
    const answer = await this.send({ method: 'GET', target, path: '', what: `Zoom read of ${describeTarget(target)}` }, token, timeoutMs);
    return readMeeting(answer.data);
  }

  /** `GET /{meetings|webinars}/{id}/livestream`: the configured stream target, or null when none is. */
  async getStreamConfig(target: LiveStreamTarget, token: string, timeoutMs: number): Promise<StreamConfig | null> {
    const answer = await this.send(
      { method: 'GET', target, path: '/livestream', what: `Zoom read of the stream of ${describeTarget(target)}` },
      token,
      timeoutMs,
    );
    return readStreamConfig(answer.data);
  }

  /** `PATCH /{meetings|webinars}/{id}/livestream` with `stream_url`, `stream_key`, `page_url`, `resolution`. */
  async updateStreamConfig(target: LiveStreamTarget, config: StreamConfig, token: string, timeoutMs: number): Promise<ZoomDetail> {
    const answer = await this.send(
      {
        method: 'PATCH',
        target,
        path: '/livestream',
        what: `Zoom stream configuration of ${describeTarget(target)}`,
        body: { data: JSON.stringify(config), headers: { 'Content-Type': 'application/json' } },
      },
      token,
      timeoutMs,
    );
    return zoomDetail(answer);
  }

  private async send(request: Request, token: string, timeoutMs: number): Promise<ZoomAnswer> {
    const { http, apiBaseUrl, now } = this.options;
    let answer: ZoomAnswer;
    try {
      answer = await http.request({
        method: request.method,
        url: `${apiBaseUrl}${zoomPath(request.target)}${request.path}`,
        data: request.body?.data,
        headers: { ...request.body?.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' },
        ...deadline(timeoutMs),
      });
    } catch (error) {
      throw transportFailure(error, request.what, request.method !== 'GET');
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw zoomError(answer, request.target, now());
  }
}

function encodeStatusBody(command: LiveStreamCommand, encoding: BodyEncoding): NonNullable<Request['body']> {
  const fields: Record<string, unknown> = { action: command.action };
  if (command.settings) fields.settings = command.settings;
  if (encoding === 'json') return { data: JSON.stringify(fields), headers: { 'Content-Type': 'application/json' } };
  // The original curl/Postman example: form fields `action` and `settings`, the latter a JSON string.
  const form = new FormData();
  form.append('action', command.action);
  if (command.settings) form.append('settings', JSON.stringify(command.settings));
  return { data: form.getBuffer(), headers: form.getHeaders() as Record<string, string> };
}
