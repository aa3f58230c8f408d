import { numericId } from './meeting-events';
import { type Meeting, SIMULATOR_HOST_ID, shownStartTime } from './meeting-record';
import type { MeetingStatus } from './types';
import { zoomTime } from './zoom-time';

/**
 * The body of `GET /meetings/{id}` (or `/webinars/{id}`). Zoom shows only `waiting` or `started`, so
 * an ended meeting reads as waiting; its webinar object has no status at all.
 */
export function meetingResource(meeting: Meeting, status: MeetingStatus): Record<string, unknown> {
  const startTime = shownStartTime(meeting);
  return {
    id: numericId(meeting.id),
    uuid: meeting.uuid,
    host_id: SIMULATOR_HOST_ID,
    topic: meeting.topic,
    type: meeting.type,
    ...(meeting.webinar ? {} : { status: status === 'started' ? 'started' : 'waiting' }),
    ...(startTime !== undefined ? { start_time: startTime } : {}),
    duration: meeting.duration,
    timezone: meeting.timezone,
    ...(meeting.occurrences ? { occurrences: meeting.occurrences.map((o) => ({ ...o })) } : {}),
    created_at: zoomTime(meeting.createdAt),
    join_url: `https://simulator.invalid/j/${meeting.id}`,
    settings: {},
  };
}
