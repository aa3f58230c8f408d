import * as z from 'zod/mini';
import { ConfigurationError, InvalidRequestError, LiveStreamError, MeetingNotStartedError } from '../core/errors';
import { logger, logOutcome, newProgress, type Progress, zoomFields, elapsedMs } from '../core/logger';
import { stoppedOnPurpose, type StartClaim } from '../core/meeting-record';
import { failureIdOf, type StartFailure } from '../core/start-failure';
import { DEFAULT_START_WINDOW_MINUTES, MAX_START_WINDOW_MINUTES, describeTarget, idField, targetAnswer, type LiveStreamSettings, type LiveStreamTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { parseInput } from '../http/input-schema';
import { parsePayload } from '../http/payload';
import { deliveryId, eventInstance, type ZoomEvent } from '../zoom/event-notification';
import { callZoom } from '../zoom/zoom-call';
import { changeLiveStream, type ChangeLiveStreamDeps, type ChangeOutcome } from './change-live-stream';
import type { FailureNotifier, FailureQueue, FailureStore, MeetingStore, StartQueue } from './ports';

/*
 * A start nobody waits for, from the moment something asks for it to the PATCH that starts the
 * stream: what a job is, who builds one and how far back each looks, how it travels on the start
 * queue, how it runs, and what the start worker does with its end (re-arm, re-queue, park).
 */

// ─── The job ────────────────────────────────────────────────────────────────────────────────────

/** Who asked for a start that runs without a caller waiting for it. */
export const JOB_ORIGINS = ['schedule', 'webhook', 'meeting-time', 'invoke', 'retry', 'keep-alive'] as const;
export type JobOrigin = (typeof JOB_ORIGINS)[number];

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

/** A meeting's time changed or it was deleted in Zoom: its armed start is moved or removed by the worker. */
export type MeetingChange = 'updated' | 'deleted';

/** What a start queue message asks for. */
export type QueueMessage =
  | { readonly kind: 'start'; readonly job: StartJob }
  | { readonly kind: 'change'; readonly target: LiveStreamTarget; readonly change: MeetingChange };

/** What SQS tells about a message besides its body. */
export interface MessageMeta {
  readonly messageId: string;
  /** Epoch ms the message was first sent (SentTimestamp). */
  readonly sentAt: number;
}

/** A start queue message as a queue delivers it (SQS, or the in-process queue of `npm start`). */
export interface QueuedMessage {
  readonly id: string;
  readonly body: string;
  /** Epoch ms the message was first sent (SentTimestamp). */
  readonly sentAt: number;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
}

// ─── Who builds a job, and how far back a start by another path counts as its own ───────────────

/** A schedule fired: a start by another path shortly before (the host started early, the webhook started it) is this one's. */
export const SCHEDULE_LOOKBACK_MS = 30 * 60_000;
/** A meeting time fired: the same, for the occurrence Zoom has. */
export const OCCURRENCE_LOOKBACK_MS = 30 * 60_000;
/** A webhook's meeting started: Zoom's clock and ours may differ a little. */
const WEBHOOK_CLOCK_SKEW_MS = 60_000;
/* A direct invocation, a retry and a keep-alive restart look back not at all (notBefore = now):
 * the claim of the failed job before a retry, or the instance's first start before a restart, must not block it. */

/** Zoom refuses a start within 30 s of the last one ("retry … after 30 seconds"). */
export const KEEP_ALIVE_DELAY_SECONDS = 30;
/** How long after it is due a keep-alive restart may still be tried (Zoom or AWS briefly unavailable). */
const RESTART_WINDOW_SECONDS = 120;

const withSettings = (settings: LiveStreamSettings | undefined) => (settings && Object.keys(settings).length > 0 ? { settings } : {});

/** The plain payload a schedule sends: a new job whose window starts when it was sent. */
export function scheduleJob(target: LiveStreamTarget, settings: LiveStreamSettings | undefined, windowMinutes: number, message: MessageMeta): StartJob {
  return {
    target,
    ...(settings ? { settings } : {}),
    origin: 'schedule',
    jobId: message.messageId,
    firstAttemptAt: message.sentAt,
    windowEndsAt: message.sentAt + windowMinutes * 60_000,
    notBefore: message.sentAt - SCHEDULE_LOOKBACK_MS,
  };
}

/** `meeting.started` of a registered target. */
export function webhookJob(target: LiveStreamTarget, settings: LiveStreamSettings | undefined, event: ZoomEvent, now: number): StartJob {
  const startedAt = event.eventTs ?? now;
  const instance = eventInstance(event);
  return {
    target,
    ...withSettings(settings),
    origin: 'webhook',
    jobId: `webhook-${deliveryId(event)}`,
    firstAttemptAt: now,
    windowEndsAt: now + DEFAULT_START_WINDOW_MINUTES * 60_000,
    notBefore: Math.min(startedAt, now) - WEBHOOK_CLOCK_SKEW_MS,
    ...(instance !== undefined ? { instance } : {}),
  };
}

/** The one-time schedule of an occurrence Zoom has (`name`), due at `at`. */
export function meetingTimeJob(
  target: LiveStreamTarget,
  settings: LiveStreamSettings | undefined,
  name: string,
  at: number,
  windowMinutes: number,
  occurrence: { startTime: string; occurrenceId?: string },
): StartJob {
  return {
    target,
    ...withSettings(settings),
    origin: 'meeting-time',
    jobId: name,
    firstAttemptAt: at,
    windowEndsAt: at + windowMinutes * 60_000,
    notBefore: at - OCCURRENCE_LOOKBACK_MS,
    occurrence,
  };
}

/** A direct (or asynchronous) invocation of `start`; Lambda keeps `jobId` (its request id) across its own retries. */
export function invokeJob(target: LiveStreamTarget, settings: LiveStreamSettings | undefined, jobId: string, firstAttemptAt: number, windowMinutes?: number): StartJob {
  return {
    target,
    ...(settings ? { settings } : {}),
    origin: 'invoke',
    jobId,
    firstAttemptAt,
    windowEndsAt: firstAttemptAt + (windowMinutes ?? DEFAULT_START_WINDOW_MINUTES) * 60_000,
    notBefore: firstAttemptAt,
  };
}

/** The job a retry queues: the same target and settings, a new id, origin `retry`, a window from now. */
export function retryJob(failure: StartFailure, jobId: string, now: number): StartJob {
  return {
    target: failure.target,
    ...(failure.settings ? { settings: failure.settings } : {}),
    origin: 'retry',
    jobId,
    firstAttemptAt: now,
    windowEndsAt: now + failure.windowMinutes * 60_000,
    // The failed claim of the job before is older: it no longer blocks this start.
    notBefore: now,
  };
}

/** Restart `restart` of an instance whose stream dropped at `droppedAt`, due after Zoom's 30-second rule. */
export function keepAliveJob(event: ZoomEvent, target: LiveStreamTarget, settings: LiveStreamSettings, instance: string, restart: number, droppedAt: number, now: number): StartJob {
  return {
    target,
    ...withSettings(settings),
    origin: 'keep-alive',
    jobId: `keep-alive-${deliveryId(event)}`,
    firstAttemptAt: now,
    // Due after Zoom's rule; a meeting found not running then is over (see restartNoLongerWanted).
    windowEndsAt: now + (KEEP_ALIVE_DELAY_SECONDS + RESTART_WINDOW_SECONDS) * 1000,
    notBefore: now,
    // Its own claim: the instance's first start is done, and this is another start of it.
    instance: `${instance}#keep-alive-${restart}`,
    droppedAt,
  };
}

/** The failure record of a job that ended failed: what the operator lists, is notified of, and may retry. */
export function startFailure(job: StartJob, error: { code: string; message: string }, failedAt: number, attempts: number): StartFailure {
  const windowMinutes = Math.round((job.windowEndsAt - job.firstAttemptAt) / 60_000);
  return {
    failureId: failureIdOf(job.jobId),
    target: job.target,
    origin: job.origin,
    code: error.code,
    message: error.message.slice(0, 1000),
    failedAt,
    attempts,
    ...(job.settings ? { settings: job.settings } : {}),
    windowMinutes: Math.min(MAX_START_WINDOW_MINUTES, Math.max(DEFAULT_START_WINDOW_MINUTES, windowMinutes)),
  };
}

// ─── On the start queue ─────────────────────────────────────────────────────────────────────────

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

export function meetingChangeMessage(target: LiveStreamTarget, change: MeetingChange): string {
  return JSON.stringify({ [idField(target.kind)]: target.id, change });
}

/*
 * The message schemas are built on first use: the webhook, which only writes messages, then bundles
 * no schema library for them (a schema built at import would be kept in every bundle that imports this).
 */
let schemas: ReturnType<typeof buildSchemas> | undefined;
const messageSchemas = () => (schemas ??= buildSchemas());

function buildSchemas() {
  const isoTime = z.string({ error: 'must be an ISO time' }).check(z.refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO time'));
  const job = z.strictObject(
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
  const change = z.enum(['updated', 'deleted'], { error: 'must be updated or deleted' });
  return { job, change };
}

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
    return { kind: 'change', target: payload.target, change: parseInput(messageSchemas().change, change, 'change') };
  }
  return { kind: 'start', job: parseStartJob(value, meta) };
}

function parseStartJob(value: unknown, meta: MessageMeta): StartJob {
  const payload = parsePayload(value, 'start', '', ['job']);
  const rawJob = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).job : undefined;
  if (rawJob === undefined) return scheduleJob(payload.target, payload.settings, payload.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES, meta);
  const job = parseInput(messageSchemas().job, rawJob, 'job', 'job');
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

// ─── Running a job ──────────────────────────────────────────────────────────────────────────────

export interface StartJobDeps extends ChangeLiveStreamDeps {
  readonly store: MeetingStore;
  /** Zoom's meeting status is read no more often than this while waiting. @default 10 s */
  readonly pollIntervalMs: number;
}

export const POLL_INTERVAL_MS = 10_000;
/** How long another path's pending start is awaited before it is looked at again. */
const PENDING_RECHECK_MS = 5000;

export type StartJobOutcome =
  | { readonly kind: 'started'; readonly outcome: ChangeOutcome }
  /** Another path (a webhook, a schedule) started it, or tried and reported its failure itself. */
  | { readonly kind: 'handled-elsewhere'; readonly claim: StartClaim }
  /** The meeting is not running yet: look again at `checkAt` with `job` (window still open). */
  | { readonly kind: 'waiting'; readonly job: StartJob; readonly checkAt: number }
  /** A keep-alive restart that no longer applies (stopped through the API, the meeting ended). */
  | { readonly kind: 'not-needed'; readonly reason: string };

export interface RunOptions {
  /** Wait inside this invocation while its budget allows (a direct invoke); else hand back at once (a queue worker). */
  readonly waitInline: boolean;
}

/**
 * Starts a stream nobody waits for: when the meeting is not running yet, waits for it within the
 * job's window (reading Zoom's status no more often than every `pollIntervalMs`), and when the
 * window outlasts what may be spent here, hands the job back to be continued. A start claim in the
 * store makes a schedule and a webhook that fire for the same meeting start it once and report at
 * most one failure. Only a window that passes without the meeting starting is MEETING_NOT_STARTED.
 */
export async function runStartJob(
  job: StartJob,
  budget: TimeBudget,
  deps: StartJobDeps,
  options: RunOptions,
  progress: Progress = newProgress(),
): Promise<StartJobOutcome> {
  let current = job;
  if (job.origin === 'keep-alive') {
    const reason = await restartNoLongerWanted(job, budget, deps);
    if (reason) return { kind: 'not-needed', reason };
  }
  for (;;) {
    // Webinars report no status to read: only a start attempt tells whether one runs.
    if (current.knownWaiting && current.target.kind === 'meeting' && !(await isRunning(current, budget, deps))) {
      const next = await waitOrHandBack(current, budget, deps, options);
      if (next.kind === 'waiting') return next;
      continue;
    }
    const claim = await deps.store.claimStart(
      current.target,
      {
        jobId: current.jobId,
        origin: current.origin,
        now: deps.clock.now(),
        notBefore: current.notBefore,
        leaseMs: budget.remainingMs() + 5000,
        ...(current.instance !== undefined ? { instance: current.instance } : {}),
      },
      budget,
    );
    if (!claim.won) {
      if (claim.claim.state !== 'pending') return { kind: 'handled-elsewhere', claim: claim.claim };
      const next = await waitOrHandBack(current, budget, deps, options, PENDING_RECHECK_MS);
      if (next.kind === 'waiting') return next;
      continue;
    }
    try {
      const outcome = await changeLiveStream({ target: current.target, action: 'start', settings: current.settings }, budget, deps, progress);
      await deps.store.settleStart(current.target, { ...claimOf(current), state: 'done', at: deps.clock.now() }, budget);
      return { kind: 'started', outcome };
    } catch (error) {
      if (error instanceof MeetingNotStartedError) {
        await deps.store.releaseStart(current.target, current.jobId, budget);
        current = { ...current, knownWaiting: true };
        const next = await waitOrHandBack(current, budget, deps, options, deps.pollIntervalMs, error);
        if (next.kind === 'waiting') return next;
        continue;
      }
      await settleFailed(current, error, budget, deps);
      throw error;
    }
  }
}

/**
 * Sleeps until the next check when the budget allows it, or hands the job back; throws
 * MEETING_NOT_STARTED once the next check would fall after the window.
 */
async function waitOrHandBack(
  job: StartJob,
  budget: TimeBudget,
  deps: StartJobDeps,
  options: RunOptions,
  waitMs = deps.pollIntervalMs,
  refusal?: MeetingNotStartedError,
): Promise<{ kind: 'waited' } | Extract<StartJobOutcome, { kind: 'waiting' }>> {
  const now = deps.clock.now();
  // The last look is taken at the window's end itself, not one interval before it.
  const checkAt = Math.min(now + waitMs, job.windowEndsAt);
  if (now >= job.windowEndsAt) {
    throw new MeetingNotStartedError(
      `${describeTarget(job.target)} did not start within its start window (until ${new Date(job.windowEndsAt).toISOString()})`,
      refusal?.zoom,
    );
  }
  // Enough must remain after the wait for a status read and a start.
  if (options.waitInline && budget.allowsWait(checkAt - now + 2 * deps.requestTimeoutMs)) {
    await deps.clock.sleep(checkAt - now);
    return { kind: 'waited' };
  }
  return { kind: 'waiting', job, checkAt };
}

/** Zoom's status of the job's meeting; a read that fails for a passing reason counts as "not yet". */
async function isRunning(job: StartJob, budget: TimeBudget, deps: StartJobDeps): Promise<boolean> {
  try {
    const meeting = await callZoom((token, timeoutMs) => deps.zoom.getMeeting(job.target, token, timeoutMs), budget, deps);
    return meeting.status === undefined || meeting.status === 'started';
  } catch (error) {
    if (error instanceof ConfigurationError || !(error instanceof LiveStreamError) || !error.retryable) throw error;
    return false;
  }
}

/**
 * Why a keep-alive restart that is due no longer applies, or undefined when it does: unregistered
 * or keep-alive turned off, stopped through the API since the drop, or the meeting is not running
 * (it ended). One read of Zoom's meeting status; nothing else is called before the start.
 */
export async function restartNoLongerWanted(job: StartJob, budget: TimeBudget, deps: ChangeLiveStreamDeps & { readonly store: MeetingStore }): Promise<string | undefined> {
  const record = await deps.store.get(job.target, budget);
  if (!record?.autoStart?.keepAlive) return 'keep-alive no longer registered';
  if (stoppedOnPurpose(record, job.droppedAt ?? job.firstAttemptAt)) return 'stopped through this system since the drop';
  try {
    const meeting = await callZoom((token, timeoutMs) => deps.zoom.getMeeting(job.target, token, timeoutMs), budget, deps);
    // Webinars report no status: a start attempt tells.
    if (job.target.kind === 'meeting' && meeting.status !== 'started') return `meeting not running (${meeting.status ?? 'no status'})`;
  } catch (error) {
    if (error instanceof ConfigurationError || !(error instanceof LiveStreamError) || error.retryable) throw error;
    return `meeting not running (${error.code})`;
  }
  return undefined;
}

async function settleFailed(job: StartJob, error: unknown, budget: TimeBudget, deps: StartJobDeps): Promise<void> {
  const code = error instanceof LiveStreamError ? error.code : 'INTERNAL_ERROR';
  try {
    await deps.store.settleStart(job.target, { ...claimOf(job), state: 'failed', at: deps.clock.now(), code }, budget);
  } catch {
    // The start's own error is the one to report; an expired lease frees the claim anyway.
  }
}

const claimOf = (job: StartJob) => ({ jobId: job.jobId, origin: job.origin, ...(job.instance !== undefined ? { instance: job.instance } : {}) });

// ─── The start worker: one queue message, and what its end asks of the queue ──────────────────

/** SQS's maxReceiveCount of the start queue: the delivery after which the queue parks a message itself. */
export const START_QUEUE_MAX_RECEIVES = 5;

/** What a processed message asks of the queue: delete it, or deliver it again later. */
export type MessageResult = 'done' | 'retry';

/** What the worker does about meeting times: re-arm when a meeting-time start fires, move or remove on a change. */
export interface MeetingTimeSteps {
  beforeStart(job: StartJob, budget: TimeBudget): Promise<void>;
  changed(target: LiveStreamTarget, change: MeetingChange, budget: TimeBudget): Promise<string>;
}

export interface StartWorkerDeps extends StartJobDeps {
  readonly startQueue: StartQueue;
  readonly failureQueue: FailureQueue;
  readonly failures: FailureStore;
  /** Announces each new failure (the stack's notification topic), when there is one. */
  readonly notifier?: FailureNotifier;
  /** None where meeting times are not armed: a change message is then only logged. */
  readonly meetingTimes?: MeetingTimeSteps;
  /** The delivery on which the queue parks a message itself. @default START_QUEUE_MAX_RECEIVES */
  readonly lastDelivery?: number;
}

/**
 * Runs one start queue message. Work that may still succeed later (Zoom or AWS unavailable, rate
 * limited, configuration being fixed) is delivered again by the queue; a job that never can (bad
 * message, no such meeting, window passed, stream not configured) is parked in the failure queue
 * with its error, so the queue holds only work that is still alive. A job's end as failed is
 * recorded for the operator, once.
 */
export async function processStartMessage(message: QueuedMessage, remainingMs: number, deps: StartWorkerDeps): Promise<MessageResult> {
  const startedAt = performance.now();
  const budget = TimeBudget.forInvocation(deps.clock, remainingMs, false);
  const progress = newProgress();
  let parsed: QueueMessage | undefined;
  try {
    parsed = parseQueueMessage(message.body, { messageId: message.id, sentAt: message.sentAt });
    let result: string;
    let rearm: unknown;
    if (parsed.kind === 'change') {
      result = deps.meetingTimes ? await deps.meetingTimes.changed(parsed.target, parsed.change, budget) : 'no meeting times here';
    } else {
      // The series must go on whatever this start does: the next occurrence is armed beside it,
      // and a failed re-arm is tried again below.
      const rearming = deps.meetingTimes?.beforeStart(parsed.job, budget).then(
        () => undefined,
        (error: unknown) => error,
      );
      let outcome: StartJobOutcome;
      try {
        outcome = await runStartJob(parsed.job, budget, deps, { waitInline: false }, progress);
      } finally {
        // Never left running past the invocation, whatever the start did.
        rearm = await rearming;
      }
      if (outcome.kind === 'waiting') {
        await deps.startQueue.send(startJobMessage(outcome.job), (outcome.checkAt - deps.clock.now()) / 1000, budget);
      }
      // A redelivery finds the start claimed as done and only re-arms; a continuation of a waiting
      // start tries the re-arm itself. A permanent failure to re-arm is logged.
      if (rearm !== undefined) {
        logOutcome('re-arm of the next occurrence', { ...messageFields(parsed, message) }, rearm);
        if (rearm instanceof LiveStreamError && rearm.retryable && outcome.kind !== 'waiting') return 'retry';
      }
      result = describe(outcome);
    }
    logOutcome('queue message', { ...messageFields(parsed, message), result, ...zoomFields(progress), durationMs: elapsedMs(startedAt) });
    return 'done';
  } catch (error) {
    logOutcome('queue message', { ...messageFields(parsed, message), ...zoomFields(progress), durationMs: elapsedMs(startedAt) }, error);
    const failure = error instanceof LiveStreamError ? { code: error.code, message: error.message } : { code: 'INTERNAL_ERROR', message: 'see the function log' };
    // A configuration problem may be fixed in minutes: let the queue deliver the job again.
    if (error instanceof LiveStreamError && (error.retryable || error.code === 'CONFIGURATION_ERROR')) {
      // On its last delivery the queue's redrive parks it: that is its end, and it is recorded now.
      if (message.receiveCount >= (deps.lastDelivery ?? START_QUEUE_MAX_RECEIVES)) await recordFailure(parsed, failure, message, budget, deps);
      return 'retry';
    }
    await deps.failureQueue.send(message.body, failure, budget);
    await recordFailure(parsed, failure, message, budget, deps);
    return 'done';
  }
}

/** A start job's end for the operator; a record that cannot be written is logged, never lets the job loop. */
async function recordFailure(parsed: QueueMessage | undefined, failure: { code: string; message: string }, message: QueuedMessage, budget: TimeBudget, deps: StartWorkerDeps) {
  if (parsed?.kind !== 'start') return;
  await recordStartFailure(parsed.job, failure, message.receiveCount, deps, budget).catch((error: unknown) =>
    logOutcome('recording a start failure', messageFields(parsed, message), error),
  );
}

/**
 * Records a start job that ended failed and announces it, once: a second delivery of the same
 * message finds the record and announces nothing. A notice that cannot be published is logged,
 * never allowed to undo the record (the console still lists the failure).
 */
export async function recordStartFailure(
  job: StartJob,
  error: { code: string; message: string },
  attempts: number,
  deps: Pick<StartWorkerDeps, 'failures' | 'notifier' | 'clock'>,
  budget: TimeBudget,
): Promise<StartFailure | undefined> {
  const failure = startFailure(job, error, deps.clock.now(), attempts);
  if (!(await deps.failures.record(failure, budget))) return undefined;
  if (deps.notifier) {
    try {
      await deps.notifier.notify(failure, budget);
    } catch (notifyError) {
      logger.error('start failure recorded but its notice was not published', {
        failureId: failure.failureId,
        target: describeTarget(failure.target),
        errorMessage: notifyError instanceof Error ? notifyError.message : String(notifyError),
      });
    }
  }
  return failure;
}

function messageFields(parsed: QueueMessage | undefined, message: QueuedMessage) {
  const target = parsed?.kind === 'start' ? parsed.job.target : parsed?.target;
  return {
    ...(target ? targetAnswer(target) : {}),
    target: target ? describeTarget(target) : undefined,
    kind: parsed?.kind,
    origin: parsed?.kind === 'start' ? parsed.job.origin : undefined,
    jobId: parsed?.kind === 'start' ? parsed.job.jobId : message.id,
    receiveCount: message.receiveCount,
  };
}

function describe(outcome: StartJobOutcome): string {
  switch (outcome.kind) {
    case 'started':
      return outcome.outcome.unconfirmed ? 'started (unconfirmed)' : 'started';
    case 'handled-elsewhere':
      return `${outcome.claim.state === 'done' ? 'started' : `failed (${outcome.claim.code ?? 'unknown'})`} by the ${outcome.claim.origin} path`;
    case 'waiting':
      return `meeting not running yet; next check at ${new Date(outcome.checkAt).toISOString()}`;
    case 'not-needed':
      return `not restarted: ${outcome.reason}`;
  }
}
