import { asRecord } from './json-record';

/**
 * What the system reads from Zoom's meeting (or webinar) object: whether it runs now, and when it
 * is meant to. Read leniently: every field is optional, since webinars have no `status` and a
 * recurring meeting without a fixed time has no `start_time`.
 */
export type ZoomMeetingStatus = 'waiting' | 'started' | (string & {});

export interface ZoomOccurrence {
  readonly occurrenceId: string;
  /** ISO time in UTC. */
  readonly startTime: string;
  readonly durationMinutes?: number;
  readonly status?: string;
}

export interface ZoomMeeting {
  readonly status?: ZoomMeetingStatus;
  /** 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time; webinars 5, 6, 9. */
  readonly type?: number;
  readonly topic?: string;
  readonly startTime?: string;
  readonly durationMinutes?: number;
  readonly timezone?: string;
  readonly occurrences: readonly ZoomOccurrence[];
}

export function readMeeting(data: unknown): ZoomMeeting {
  const record = asRecord(data);
  const occurrences = Array.isArray(record.occurrences) ? record.occurrences.map(readOccurrence).filter(isDefined) : [];
  return {
    status: text(record.status),
    type: typeof record.type === 'number' ? record.type : undefined,
    topic: text(record.topic),
    startTime: isoTime(record.start_time),
    durationMinutes: minutes(record.duration),
    timezone: text(record.timezone),
    occurrences,
  };
}

function readOccurrence(value: unknown): ZoomOccurrence | undefined {
  const record = asRecord(value);
  const startTime = isoTime(record.start_time);
  const occurrenceId = typeof record.occurrence_id === 'number' ? String(record.occurrence_id) : text(record.occurrence_id);
  if (!startTime || !occurrenceId) return undefined;
  return { occurrenceId, startTime, durationMinutes: minutes(record.duration), status: text(record.status) };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const minutes = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
const isoTime = (value: unknown): string | undefined => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined);
const isDefined = <T>(value: T | undefined): value is T => value !== undefined;
