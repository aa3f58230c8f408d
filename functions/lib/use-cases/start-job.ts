import { ConfigurationError, LiveStreamError, MeetingNotStartedError } from '../core/errors';
import type { StartJob } from '../core/start-job';
import { describeTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { MeetingStore } from './ports';
import type { StartClaim } from '../core/meeting-record';
import { callZoom } from '../zoom/zoom-call';
import { newProgress, type Progress } from '../core/logger';
import { changeLiveStream, type ChangeLiveStreamDeps, type ChangeOutcome } from './change-live-stream';
import { restartNoLongerWanted } from './keep-alive';

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

async function settleFailed(job: StartJob, error: unknown, budget: TimeBudget, deps: StartJobDeps): Promise<void> {
  const code = error instanceof LiveStreamError ? error.code : 'INTERNAL_ERROR';
  try {
    await deps.store.settleStart(job.target, { ...claimOf(job), state: 'failed', at: deps.clock.now(), code }, budget);
  } catch {
    // The start's own error is the one to report; an expired lease frees the claim anyway.
  }
}

const claimOf = (job: StartJob) => ({ jobId: job.jobId, origin: job.origin, ...(job.instance !== undefined ? { instance: job.instance } : {}) });
