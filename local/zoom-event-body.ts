import { randomBytes, randomUUID } from 'node:crypto';
import { SIMULATOR_CREDENTIALS } from '../test/zoom-simulator';

/** The events `webhook:send` can send, with what each one's object carries. */
export const SENDABLE_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'meeting.live_streaming_started',
  'meeting.live_streaming_stopped',
  'meeting.updated',
  'meeting.deleted',
  'webinar.started',
  'webinar.ended',
  'endpoint.url_validation',
] as const;

export type SendableEvent = (typeof SENDABLE_EVENTS)[number];

/**
 * A Zoom-shaped event notification body, as Zoom's documentation and recorded deliveries show it:
 * `meeting.started` names the meeting by a string id, the live streaming events by a number.
 */
export function zoomEventBody(event: SendableEvent, id: string | undefined, now: number, extra: { startTime?: string } = {}): object {
  const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (event === 'endpoint.url_validation') {
    return { event, event_ts: now, payload: { plainToken: randomBytes(16).toString('base64url') } };
  }
  if (!id) throw new Error(`${event} needs a meeting or webinar id`);
  const base = { uuid: `${randomUUID()}==`, host_id: 'localHostUser', topic: 'Local demo meeting', type: 2, timezone: 'UTC', duration: 60 };
  const objects: Record<Exclude<SendableEvent, 'endpoint.url_validation'>, () => object> = {
    'meeting.started': () => ({ id, ...base, start_time: at }),
    'meeting.ended': () => ({ id, ...base, start_time: at, end_time: at }),
    'webinar.started': () => ({ id, ...base, type: 5, start_time: at }),
    'webinar.ended': () => ({ id, ...base, type: 5, start_time: at, end_time: at }),
    'meeting.live_streaming_started': () => liveStreaming(id, base, at),
    'meeting.live_streaming_stopped': () => liveStreaming(id, base, at),
    'meeting.updated': () => ({ id: Number(id), start_time: extra.startTime ?? at }),
    'meeting.deleted': () => ({ id: Number(id), ...base }),
  };
  // The embedded secret's account: the webhook ignores events of any other account it knows of.
  const payload: Record<string, unknown> = { account_id: SIMULATOR_CREDENTIALS.accountId, object: objects[event]() };
  if (event === 'meeting.updated') Object.assign(payload, { old_object: { id: Number(id) }, time_stamp: now });
  return { event, event_ts: now, payload };
}

function liveStreaming(id: string, base: object, at: string): object {
  return {
    id: Number(id),
    ...base,
    start_time: at,
    live_streaming: {
      service: 'Custom_Live_Streaming_Service',
      custom_live_streaming_settings: { stream_url: 'rtmp://live.example.com/app', stream_key: 'local-demo-stream-key', page_url: 'https://example.com/live' },
      date_time: at,
    },
  };
}
