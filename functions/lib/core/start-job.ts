import type { LiveStreamSettings } from './target';
import { idField, type LiveStreamTarget } from './target';

/** Who asked for a start that runs without a caller waiting for it. */
export const JOB_ORIGINS = ['schedule', 'webhook', 'meeting-time', 'invoke', 'retry', 'keep-alive'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

/** Default start window: how long a start waits for a meeting that has not begun. */
export const DEFAULT_START_WINDOW_MINUTES = 15;
export const MAX_START_WINDOW_MINUTES = 120;

/**
 * A start that nobody waits for (a schedule, a webhook, a meeting time): it waits for the meeting
 * to run, within its window, and may continue in a later invocation.
 */
export interface StartJob {
  readonly target: LiveStreamTarget;
  readonly settings?: LiveStreamSettings;
  readonly origin: JobOrigin;
  /** Stable across redeliveries and continuations of the same start. */
  readonly jobId: string;
  /** Epoch ms of the first attempt; the start window counts from here. */
  readonly firstAttemptAt: number;
  /** Epoch ms the start window closes. */
  readonly windowEndsAt: number;
  /** Epoch ms from which a start by another path counts as this one (the meeting's start, for a webhook). */
  readonly notBefore: number;
  /** Zoom already said the meeting is not running: read its status before sending a start. */
  readonly knownWaiting?: boolean;
  /** Zoom's instance (`payload.object.uuid`) a webhook's start is for: a new instance starts again. */
  readonly instance?: string;
  /** Epoch ms Zoom's stream dropped, for a keep-alive restart: a stop through the API since then ends it. */
  readonly droppedAt?: number;
  /** The occurrence a meeting-time start belongs to; the next one is armed after it. */
  readonly occurrence?: { readonly startTime: string; readonly occurrenceId?: string };
}

/**
 * The queue message of a job: the plain payload a schedule sends (`meetingId` or `webinarId`, and
 * `settings`), with the job's own bookkeeping under `job`.
 */
export function startJobMessage(job: StartJob): string {
  return JSON.stringify({
    [idField(job.target.kind)]: job.target.id,
    ...(job.settings ? { settings: job.settings } : {}),
    job: {
      origin: job.origin,
      id: job.jobId,
      firstAttemptAt: new Date(job.firstAttemptAt).toISOString(),
      windowEndsAt: new Date(job.windowEndsAt).toISOString(),
      notBefore: new Date(job.notBefore).toISOString(),
      ...(job.knownWaiting ? { knownWaiting: true } : {}),
      ...(job.instance !== undefined ? { instance: job.instance } : {}),
      ...(job.droppedAt !== undefined ? { droppedAt: new Date(job.droppedAt).toISOString() } : {}),
      ...(job.occurrence ? { occurrence: job.occurrence } : {}),
    },
  });
}

/** A meeting's time changed or it was deleted in Zoom: its armed start is moved or removed by the worker. */
export type MeetingChange = 'updated' | 'deleted';

export function meetingChangeMessage(target: StartJob['target'], change: MeetingChange): string {
  return JSON.stringify({ [idField(target.kind)]: target.id, change });
}
