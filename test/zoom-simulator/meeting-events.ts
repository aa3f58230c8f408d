import { type Meeting, SIMULATOR_HOST_EMAIL, SIMULATOR_HOST_ID, shownStartTime } from './meeting-record';
import { zoomTime } from './zoom-time';

export interface ZoomEvent {
  readonly event: string;
  readonly payload: Record<string, unknown>;
}

/** Zoom's ids are int64; a JSON number loses precision above 2^53, as it would for a JS client of Zoom. */
export function numericId(id: string): number {
  return Number(id);
}

function prefix(meeting: Meeting): 'meeting' | 'webinar' {
  return meeting.webinar ? 'webinar' : 'meeting';
}

function actualStart(meeting: Meeting): string {
  const at = meeting.startedAt ?? meeting.startsAt;
  return at !== undefined ? zoomTime(at) : meeting.startTime;
}

function common(accountId: string, object: Record<string, unknown>, extra: object = {}): Record<string, unknown> {
  return { account_id: accountId, ...extra, object };
}

const operator = { operator: SIMULATOR_HOST_EMAIL, operator_id: SIMULATOR_HOST_ID };

/** `meeting.started` / `meeting.ended` (or `webinar.…`): id a string, start_time the actual start. */
export function lifecycleEvent(meeting: Meeting, which: 'started' | 'ended', accountId: string, now: number): ZoomEvent {
  const object = {
    id: meeting.id,
    uuid: meeting.uuid,
    host_id: SIMULATOR_HOST_ID,
    topic: meeting.topic,
    type: meeting.type,
    start_time: actualStart(meeting),
    timezone: meeting.timezone,
    duration: meeting.duration,
    ...(which === 'ended' ? { end_time: zoomTime(now) } : {}),
  };
  return { event: `${prefix(meeting)}.${which}`, payload: common(accountId, object) };
}

/** `meeting.live_streaming_started` / `_stopped`: id a number; carries the stream key, as Zoom's does. */
export function liveStreamingEvent(meeting: Meeting, action: 'start' | 'stop', accountId: string, now: number): ZoomEvent {
  const stream = meeting.stream;
  const object = {
    id: numericId(meeting.id),
    uuid: meeting.uuid,
    host_id: SIMULATOR_HOST_ID,
    topic: meeting.topic,
    type: meeting.type,
    start_time: actualStart(meeting),
    timezone: meeting.timezone,
    duration: meeting.duration,
    live_streaming: {
      service: 'Custom_Live_Streaming_Service',
      custom_live_streaming_settings: {
        stream_url: stream?.stream_url ?? '',
        stream_key: stream?.stream_key ?? '',
        page_url: stream?.page_url ?? '',
        ...(stream?.resolution ? { resolution: stream.resolution } : {}),
      },
      date_time: zoomTime(now),
    },
  };
  const name = action === 'start' ? 'live_streaming_started' : 'live_streaming_stopped';
  return { event: `meeting.${name}`, payload: common(accountId, object, operator) };
}

/** `meeting.updated`: the changed fields with the id, their previous values in `old_object`. */
export function updatedEvent(
  meeting: Meeting,
  changed: Record<string, unknown>,
  previous: Record<string, unknown>,
  accountId: string,
  now: number,
): ZoomEvent {
  const id = numericId(meeting.id);
  return {
    event: `${prefix(meeting)}.updated`,
    payload: common(accountId, { id, ...changed }, { ...operator, old_object: { id, ...previous }, time_stamp: now }),
  };
}

export function deletedEvent(meeting: Meeting, accountId: string): ZoomEvent {
  const startTime = shownStartTime(meeting);
  const object = {
    id: numericId(meeting.id),
    uuid: meeting.uuid,
    host_id: SIMULATOR_HOST_ID,
    topic: meeting.topic,
    type: meeting.type,
    ...(startTime !== undefined ? { start_time: startTime } : {}),
    duration: meeting.duration,
    timezone: meeting.timezone,
  };
  return { event: `${prefix(meeting)}.deleted`, payload: common(accountId, object, operator) };
}
