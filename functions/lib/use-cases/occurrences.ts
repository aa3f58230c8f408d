import type { TargetKind } from '../core/target';
import { isTimeZone } from '../core/clock';
import type { ZoomMeeting } from '../zoom/meeting';

/** One time at which Zoom expects the meeting to run. */
export interface Occurrence {
  readonly startMs: number;
  readonly durationMinutes: number;
  readonly timezone: string;
  readonly occurrenceId?: string;
}

/** Zoom's duration when it gives none. */
const DEFAULT_DURATION_MINUTES = 60;
const INSTANT = new Set([1]);
const RECURRING_NO_FIXED_TIME = new Set([3, 6]);

/**
 * The meeting's next time that has not ended yet and starts after `afterMs` (the occurrence just
 * handled, when re-arming), or why there is none. Instant meetings and recurring meetings without a
 * fixed time have no time at all.
 */
export function nextOccurrence(meeting: ZoomMeeting, kind: TargetKind, nowMs: number, afterMs = -Infinity): Occurrence | { problem: string } {
  const what = kind === 'meeting' ? 'meeting' : 'webinar';
  if (meeting.type !== undefined && INSTANT.has(meeting.type)) return { problem: `is an instant ${what}: it has no scheduled time to start at` };
  if (meeting.type !== undefined && RECURRING_NO_FIXED_TIME.has(meeting.type)) {
    return { problem: `is a recurring ${what} with no fixed time: Zoom has no time to start it at` };
  }
  const timezone = meeting.timezone && isTimeZone(meeting.timezone) ? meeting.timezone : 'UTC';
  const candidates: { startMs: number; durationMinutes: number; occurrenceId?: string }[] =
    meeting.occurrences.length > 0
      ? meeting.occurrences
          .filter((occurrence) => occurrence.status !== 'deleted')
          .map((occurrence) => ({ startMs: Date.parse(occurrence.startTime), durationMinutes: occurrence.durationMinutes ?? meeting.durationMinutes ?? DEFAULT_DURATION_MINUTES, occurrenceId: occurrence.occurrenceId }))
      : meeting.startTime
        ? [{ startMs: Date.parse(meeting.startTime), durationMinutes: meeting.durationMinutes ?? DEFAULT_DURATION_MINUTES }]
        : [];
  if (candidates.length === 0) return { problem: `has no start time in Zoom` };
  const upcoming = candidates
    .filter((candidate) => candidate.startMs > afterMs && candidate.startMs + candidate.durationMinutes * 60_000 > nowMs)
    .sort((a, b) => a.startMs - b.startMs)[0];
  if (!upcoming) {
    return { problem: meeting.occurrences.length > 0 ? 'has no upcoming occurrence' : `took place already (${new Date(candidates[0]?.startMs ?? 0).toISOString()})` };
  }
  return { ...upcoming, timezone, ...(upcoming.occurrenceId ? { occurrenceId: upcoming.occurrenceId } : {}) };
}
