import * as z from 'zod/mini';
import { InvalidRequestError } from '../core/errors';
import { DEFAULT_START_WINDOW_MINUTES, JOB_ORIGINS, type JobOrigin, type MeetingChange, type StartJob } from '../core/start-job';
import type { LiveStreamTarget } from '../core/target';
import { parseInput } from './input-schema';
import { parsePayload } from './payload';

/** How long before a schedule fired a start by another path still counts as this schedule's. */
export const SCHEDULE_LOOKBACK_MS = 30 * 60_000;

const isoTime = z.string({ error: 'must be an ISO time' }).check(z.refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO time'));

const jobSchema = z.strictObject(
  {
    origin: z.enum(JOB_ORIGINS, { error: `must be one of ${JOB_ORIGINS.join(', ')}` }),
    id: z.string({ error: 'must be a string' }).check(z.refine((text) => text.length >= 1 && text.length <= 128, 'must be 1 to 128 characters')),
    firstAttemptAt: isoTime,
    windowEndsAt: isoTime,
    notBefore: isoTime,
    knownWaiting: z.optional(z.boolean()),
    instance: z.optional(z.string().check(z.refine((text) => text.length >= 1 && text.length <= 200, 'must be 1 to 200 characters'))),
    droppedAt: z.optional(isoTime),
    occurrence: z.optional(z.strictObject({ startTime: isoTime, occurrenceId: z.optional(z.string()) })),
  },
  { error: 'must be a JSON object' },
);

/** What SQS tells about a message besides its body. */
export interface MessageMeta {
  readonly messageId: string;
  /** Epoch ms the message was first sent (SentTimestamp). */
  readonly sentAt: number;
}

/** What a start queue message asks for. */
export type QueueMessage =
  | { readonly kind: 'start'; readonly job: StartJob }
  | { readonly kind: 'change'; readonly target: LiveStreamTarget; readonly change: MeetingChange };

const changeSchema = z.enum(['updated', 'deleted'], { error: 'must be updated or deleted' });

/**
 * Reads a start queue message: the plain payload a schedule sends (a new job whose window starts
 * when it was sent), a job handed off by a webhook or continued after waiting, or a meeting change
 * to apply to its armed start.
 */
export function parseQueueMessage(body: string, meta: MessageMeta): QueueMessage {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidRequestError('message: is not valid JSON');
  }
  const change = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).change : undefined;
  if (change !== undefined) {
    const payload = parsePayload(value, 'stop', '', ['change']);
    return { kind: 'change', target: payload.target, change: parseInput(changeSchema, change, 'change') };
  }
  return { kind: 'start', job: parseStartJob(value, meta) };
}

function parseStartJob(value: unknown, meta: MessageMeta): StartJob {
  const payload = parsePayload(value, 'start', '', ['job']);
  const rawJob = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).job : undefined;
  if (rawJob === undefined) {
    const windowMinutes = payload.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES;
    // A start by another path shortly before the schedule fired (the host started early and the
    // webhook started the stream) counts as this one's.
    return {
      target: payload.target,
      ...(payload.settings ? { settings: payload.settings } : {}),
      origin: 'schedule',
      jobId: meta.messageId,
      firstAttemptAt: meta.sentAt,
      windowEndsAt: meta.sentAt + windowMinutes * 60_000,
      notBefore: meta.sentAt - SCHEDULE_LOOKBACK_MS,
    };
  }
  const job = parseInput(jobSchema, rawJob, 'job', 'job');
  return {
    target: payload.target,
    ...(payload.settings ? { settings: payload.settings } : {}),
    origin: job.origin as JobOrigin,
    jobId: job.id,
    firstAttemptAt: Date.parse(job.firstAttemptAt),
    windowEndsAt: Date.parse(job.windowEndsAt),
    notBefore: Date.parse(job.notBefore),
    ...(job.knownWaiting ? { knownWaiting: true } : {}),
    ...(job.instance !== undefined ? { instance: job.instance } : {}),
    ...(job.droppedAt !== undefined ? { droppedAt: Date.parse(job.droppedAt) } : {}),
    ...(job.occurrence ? { occurrence: job.occurrence } : {}),
  };
}
