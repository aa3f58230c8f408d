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

/** A JSON object as a record, parsing a string body first; `{}` for anything else. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asRecord(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A meeting's custom live stream target, as Zoom's `…/livestream` endpoints take and give it. */
export interface StreamConfig {
  readonly stream_url: string;
  /** A credential: whoever holds it can broadcast to the target. Never logged, never answered whole. */
  readonly stream_key: string;
  readonly page_url: string;
  readonly resolution?: '720p' | '1080p';
}

/** Zoom answers empty strings for a target with no stream configured. */
export function readStreamConfig(data: unknown): StreamConfig | null {
  const record = asRecord(data);
  const field = (name: string): string => (typeof record[name] === 'string' ? (record[name] as string) : '');
  if (field('stream_url') === '' && field('stream_key') === '') return null;
  const resolution = field('resolution');
  return {
    stream_url: field('stream_url'),
    stream_key: field('stream_key'),
    page_url: field('page_url'),
    ...(resolution === '720p' || resolution === '1080p' ? { resolution } : {}),
  };
}

/** Shorter keys are not shown at all: four characters would be half of them. */
const MIN_KEY_LENGTH_TO_HINT = 8;

/** The stream as answers show it: the key reduced to at most its last four characters. */
export function maskedStreamConfig(config: StreamConfig): StreamConfig {
  const key = config.stream_key;
  return { ...config, stream_key: key.length >= MIN_KEY_LENGTH_TO_HINT ? `…${key.slice(-4)}` : '…' };
}
