import { randomBytes } from 'node:crypto';
import { normalizeOccurrences, weeklyOccurrences } from './occurrences';
import type {
  LiveStreamSettings,
  MeetingOptions,
  MeetingStatus,
  MeetingType,
  Occurrence,
  StreamTarget,
  WebinarType,
} from './types';
import { floorToMinute, toZoomTime, zoomTime } from './zoom-time';

/** Every meeting belongs to this fake host (Zoom user ids are opaque 22-character strings). */
export const SIMULATOR_HOST_ID = 'simHostUser00000000001';
export const SIMULATOR_HOST_EMAIL = 'host@simulator.invalid';

/** A Zoom instance uuid: 16 random bytes in base64 (22 characters and `==`). */
export const newInstanceId = (): string => randomBytes(16).toString('base64');

/** One meeting or webinar: Zoom's scheduling fields, its lifecycle and its live stream state. */
export interface Meeting {
  readonly id: string;
  /** Zoom's id of the meeting's instance: each start after an end is a new instance with a new uuid. */
  uuid: string;
  readonly webinar: boolean;
  readonly createdAt: number;
  type: MeetingType | WebinarType;
  topic: string;
  /** Scheduled start, Zoom form; kept for every type, shown only for those that have one. */
  startTime: string;
  duration: number;
  timezone: string;
  occurrences?: Occurrence[];
  /** Set status; a pending `startsAt` overrides it (see `meetingStatus`). */
  status: MeetingStatus;
  startsAt?: number;
  /** Clock ms of the actual start, for events. */
  startedAt?: number;
  stream?: StreamTarget;
  streamStatus: 'started' | 'stopped';
  settings?: LiveStreamSettings;
  lastStartAt?: number;
  starts: number;
  stops: number;
  /** Accepted `mode` changes of the live stream's view. */
  modes: number;
  configUpdates: number;
}

const MEETING_TYPES: readonly number[] = [1, 2, 3, 8];
const WEBINAR_TYPES: readonly number[] = [5, 6, 9];

export function createMeeting(id: string, options: MeetingOptions, now: number): Meeting {
  const webinar = options.webinar ?? false;
  if (options.streamConfigured === false && options.stream) {
    throw new Error(`Meeting ${id}: a stream target contradicts streamConfigured: false`);
  }
  const type = checkType(id, options.type ?? (webinar ? 5 : 2), webinar);
  const startTime = options.startTime !== undefined ? toZoomTime(options.startTime) : zoomTime(floorToMinute(now));
  const duration = options.duration ?? 60;
  const meeting: Meeting = {
    id,
    uuid: newInstanceId(),
    webinar,
    createdAt: now,
    type,
    topic: options.topic ?? `Simulated meeting ${id}`,
    startTime,
    duration,
    timezone: options.timezone ?? 'UTC',
    status: options.status ?? 'started',
    streamStatus: 'stopped',
    starts: 0,
    stops: 0,
    modes: 0,
    configUpdates: 0,
  };
  if (options.startsAt !== undefined) meeting.startsAt = options.startsAt;
  else if (meeting.status === 'started') meeting.startedAt = now;
  if (options.stream) meeting.stream = { ...options.stream };
  else if (options.streamConfigured ?? true) meeting.stream = defaultStream(id);
  setOccurrences(meeting, options.occurrences ? normalizeOccurrences(options.occurrences, duration) : undefined);
  return meeting;
}

/** A meeting's status against the clock: a pending `startsAt` decides until something sets the status. */
export function meetingStatus(meeting: Meeting, now: number): MeetingStatus {
  if (meeting.startsAt === undefined) return meeting.status;
  return now < meeting.startsAt ? 'waiting' : 'started';
}

export function checkType(id: string, type: number, webinar: boolean): MeetingType | WebinarType {
  const allowed = webinar ? WEBINAR_TYPES : MEETING_TYPES;
  if (!allowed.includes(type)) throw new Error(`${webinar ? 'Webinar' : 'Meeting'} ${id}: type ${type} is not one of ${allowed.join(', ')}`);
  return type as MeetingType | WebinarType;
}

/** Types 3 and 6 recur without a fixed time, so Zoom shows no start_time for them. */
export function hasStartTime(type: number): boolean {
  return type !== 3 && type !== 6;
}

export function hasOccurrences(type: number): boolean {
  return type === 8 || type === 9;
}

/** Keeps occurrences only for the types that have them, generating some when none were given. */
export function setOccurrences(meeting: Meeting, occurrences: Occurrence[] | undefined): void {
  if (!hasOccurrences(meeting.type)) delete meeting.occurrences;
  else meeting.occurrences = occurrences ?? meeting.occurrences ?? weeklyOccurrences(meeting.startTime, meeting.duration);
}

/** An instant meeting's start_time is when it was created; the others' is the scheduled one. */
export function shownStartTime(meeting: Meeting): string | undefined {
  if (meeting.type === 1) return zoomTime(meeting.createdAt);
  return hasStartTime(meeting.type) ? meeting.startTime : undefined;
}

/** Fake but well-formed, so a client that echoes the target has something realistic to show. */
function defaultStream(id: string): StreamTarget {
  return {
    stream_url: 'rtmp://live.simulator.invalid/live',
    stream_key: `sim-stream-key-${id}`,
    page_url: `https://simulator.invalid/live/${id}`,
    resolution: '720p',
  };
}
