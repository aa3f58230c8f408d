import type { AxiosInstance } from 'axios';
import FormData from 'form-data';
import type { LiveStreamCommand } from '../core/live-stream-command';
import type { BodyEncoding } from '../core/config';
import { deadline, transportFailure } from './http-client';
import { zoomDetail, zoomError } from './answers';
import type { ZoomDetail } from '../core/errors';

export interface ZoomClientOptions {
  readonly http: AxiosInstance;
  readonly apiBaseUrl: string;
  readonly bodyEncoding: BodyEncoding;
  readonly now: () => number;
}

/** `PATCH /meetings/{meetingId}/livestream/status`; resolves on 2xx, throws a mapped error otherwise. */
export class ZoomClient {
  constructor(private readonly options: ZoomClientOptions) {}

  async updateLiveStreamStatus(command: LiveStreamCommand, token: string, timeoutMs: number): Promise<ZoomDetail> {
    const { http, apiBaseUrl, bodyEncoding, now } = this.options;
    const { data, headers } = encodeBody(command, bodyEncoding);
    let answer;
    try {
      answer = await http.request({
        method: 'PATCH',
        url: `${apiBaseUrl}/meetings/${encodeURIComponent(command.meetingId)}/livestream/status`,
        data,
        headers: { ...headers, Authorization: `Bearer ${token}`, Accept: 'application/json' },
        ...deadline(timeoutMs),
      });
    } catch (error) {
      throw transportFailure(error, `Zoom ${command.action} request for meeting ${command.meetingId}`);
    }
    if (answer.status >= 200 && answer.status < 300) return zoomDetail(answer);
    throw zoomError(answer, command.meetingId, now());
  }
}

function encodeBody(command: LiveStreamCommand, encoding: BodyEncoding) {
  const fields: Record<string, unknown> = { action: command.action };
  if (command.settings) fields.settings = command.settings;
  if (encoding === 'json') return { data: JSON.stringify(fields), headers: { 'Content-Type': 'application/json' } };
  // The original curl/Postman example: form fields `action` and `settings`, the latter a JSON string.
  const form = new FormData();
  form.append('action', command.action);
  if (command.settings) form.append('settings', JSON.stringify(command.settings));
  return { data: form.getBuffer(), headers: form.getHeaders() };
}
