import { LiveStreamError } from '../core/errors';
import { START_QUEUE_MAX_RECEIVES } from '../core/start-failure';
import { startJobMessage, type MeetingChange, type StartJob } from '../core/start-job';
import { describeTarget, targetAnswer, type LiveStreamTarget } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import type { QueuedMessage } from '../../../local/in-process-queue';
import { parseQueueMessage, type QueueMessage } from '../http/start-job-message';
import { recordStartFailure } from '../use-cases/start-failures';
import { runStartJob, type StartJobOutcome } from '../use-cases/start-job';
import { newProgress } from '../core/logger';
import { elapsedMs, logOutcome, logRetry, zoomFields } from '../core/logger';
import type { Runtime } from './runtime';
import type { Services } from './services';

/** What a processed message asks of the queue: delete it, or deliver it again later. */
export type MessageResult = 'done' | 'retry';

/** What the worker does about meeting times: re-arm when a meeting-time start fires, move or remove on a change. */
export interface MeetingTimesHooks {
  beforeStart(job: StartJob, budget: TimeBudget): Promise<void>;
  changed(target: LiveStreamTarget, change: MeetingChange, budget: TimeBudget): Promise<string>;
}

/**
 * Runs one start queue message. Work that may still succeed later (Zoom or AWS unavailable, rate
 * limited, configuration being fixed) is delivered again by the queue; a job that never can (bad
 * message, no such meeting, window passed, stream not configured) is parked in the failure queue
 * with its error, so the queue holds only work that is still alive.
 */
export function createJobProcessor(runtime: Runtime, services: Services, hooks?: MeetingTimesHooks) {
  const lastDelivery = services.inProcessQueue?.maxReceiveCount ?? START_QUEUE_MAX_RECEIVES;
  /** A start job's end for the operator; a record that cannot be written is logged, never lets the job loop. */
  const recordFailure = async (parsed: QueueMessage | undefined, failure: { code: string; message: string }, message: QueuedMessage, budget: TimeBudget) => {
    if (parsed?.kind !== 'start') return;
    await recordStartFailure(parsed.job, failure, message.receiveCount, { ...services, clock: runtime.clock }, budget).catch((error: unknown) =>
      logOutcome('recording a start failure', messageFields(parsed, message), error),
    );
  };
  return async function processMessage(message: QueuedMessage, remainingMs: number): Promise<MessageResult> {
    const startedAt = performance.now();
    const budget = TimeBudget.forInvocation(runtime.clock, remainingMs, false);
    const progress = newProgress();
    let parsed: QueueMessage | undefined;
    try {
      parsed = parseQueueMessage(message.body, { messageId: message.id, sentAt: message.sentAt });
      let result: string;
      let rearm: unknown;
      if (parsed.kind === 'change') {
        result = hooks ? await hooks.changed(parsed.target, parsed.change, budget) : 'no meeting times here';
      } else {
        // The series must go on whatever this start does: the next occurrence is armed beside it,
        // and a failed re-arm is tried again below.
        const rearming = hooks?.beforeStart(parsed.job, budget).then(
          () => undefined,
          (error: unknown) => error,
        );
        let outcome: StartJobOutcome;
        try {
          outcome = await runStartJob(parsed.job, budget, { ...runtime, ...services, onRetry: logRetry }, { waitInline: false }, progress);
        } finally {
          // Never left running past the invocation, whatever the start did.
          rearm = await rearming;
        }
        if (outcome.kind === 'waiting') {
          await services.startQueue.send(startJobMessage(outcome.job), (outcome.checkAt - runtime.clock.now()) / 1000, budget);
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
        if (message.receiveCount >= lastDelivery) await recordFailure(parsed, failure, message, budget);
        return 'retry';
      }
      await services.failureQueue.send(message.body, failure, budget);
      await recordFailure(parsed, failure, message, budget);
      return 'done';
    }
  };
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
