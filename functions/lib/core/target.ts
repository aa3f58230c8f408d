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

