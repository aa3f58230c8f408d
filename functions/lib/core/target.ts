/**
 * What a live stream belongs to: a meeting or a webinar. Zoom keeps the two apart (other paths,
 * other settings, other error styles), and every answer names the id under the kind's own key.
 */
export type TargetKind = 'meeting' | 'webinar';

export interface LiveStreamTarget {
  readonly kind: TargetKind;
  /** 9 to 19 ASCII digits, kept as a string end to end (Zoom ids are int64). */
  readonly id: string;
}

export type TargetIdField = 'meetingId' | 'webinarId';

export const idField = (kind: TargetKind): TargetIdField => (kind === 'meeting' ? 'meetingId' : 'webinarId');

/** `{"meetingId": "…"}` or `{"webinarId": "…"}`: the first field of every answer about a target. */
export function targetAnswer(target: LiveStreamTarget): Partial<Record<TargetIdField, string>> {
  return { [idField(target.kind)]: target.id };
}

/** `meeting 85746065432`, for messages and logs. */
export const describeTarget = (target: LiveStreamTarget): string => `${target.kind} ${target.id}`;

/** Zoom's REST path of the target: `/meetings/{id}` or `/webinars/{id}`. */
export const zoomPath = (target: LiveStreamTarget): string => `/${target.kind}s/${encodeURIComponent(target.id)}`;

/** What the start and stop functions are for. */
export type LiveStreamAction = 'start' | 'stop';
/** What a command asks of Zoom: `mode` changes the view of a running stream (meetings only). */
export type CommandAction = LiveStreamAction | 'mode';

/**
 * Settings of a live stream start, as Zoom's `settings` object takes them. Webinars accept only the
 * first two; the input schemas enforce that per target kind.
 */
export interface LiveStreamSettings {
  readonly active_speaker_name?: boolean;
  readonly display_name?: string;
  readonly layout?: 'follow_host' | 'gallery_view' | 'speaker_view';
  readonly close_caption?: 'burnt-in' | 'embedded' | 'off';
}

/** Default start window: how long a start nobody waits for waits for a meeting that has not begun. */
export const DEFAULT_START_WINDOW_MINUTES = 15;
export const MAX_START_WINDOW_MINUTES = 120;

/** The one thing every event source is turned into. */
export interface LiveStreamCommand {
  readonly target: LiveStreamTarget;
  readonly action: CommandAction;
  readonly settings?: LiveStreamSettings;
}

/** Largest int64: Zoom stores meeting ids as longs, so a longer digit string cannot be a meeting. */
const INT64_MAX = 9223372036854775807n;
const ID_DIGITS = /^[0-9]{9,19}$/;

/**
 * A Zoom meeting or webinar id as a digit string, or why the value is not one. A JSON number is
 * taken only while it is a safe integer: a larger one has already lost digits in JSON.parse, and
 * an error is better than someone else's meeting.
 */
export function normaliseZoomId(value: unknown): string | { problem: string } {
  if (value === undefined || value === null) return { problem: 'is required' };
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value <= 0) {
      return { problem: 'a number must be a positive safe integer; send larger ids as a string of digits' };
    }
    value = String(value);
  }
  if (typeof value !== 'string' || !ID_DIGITS.test(value)) return { problem: 'must be a string of 9 to 19 digits' };
  // Zoom's ids are numbers: "085746065432" would be a second name for meeting 85746065432.
  if (value.startsWith('0')) return { problem: 'must not start with 0 (Zoom ids are numbers without leading zeros)' };
  if (BigInt(value) > INT64_MAX) return { problem: 'is larger than any Zoom meeting id (int64)' };
  return value;
}
