import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { describeTarget, type LiveStreamAction, type LiveStreamCommand } from '../core/target';
import { logger, newProgress, elapsedMs, logOutcome, logRetry, outcomeOf, zoomFields, type Progress } from '../core/logger';
import { TimeBudget } from '../core/time-budget';
import { detectSource, isHttpSource, requestIdOf, type EventSource } from '../http/http-request';
import { errorResponse, jsonResponse, liveStreamResult } from '../http/http-response';
import { toLiveStreamInput, type LiveStreamInput } from '../http/live-stream-input';
import { claimedId } from '../http/payload';
import { changeLiveStream } from '../use-cases/change-live-stream';
import { invokeJob, runStartJob, startJobMessage } from '../use-cases/start-job';
import type { LiveStreamDeps } from './composition-root';

/** Used when invoked without a Lambda context (a script, a test): a generous Lambda-like budget. */
const DEFAULT_REMAINING_MS = 30_000;

/**
 * A Lambda handler for one action. Every event source goes through the same steps: adapt the event
 * into a command, run it, adapt the outcome into the answer that source expects (an HTTP response,
 * or a result / a thrown error so that Lambda's retries and failure queue apply). A start that
 * nobody waits for waits for its meeting to run.
 */
export function createLiveStreamHandler(action: LiveStreamAction, getDeps: () => LiveStreamDeps) {
  return async function handler(event: unknown, context?: Context) {
    const startedAt = performance.now();
    const source = detectSource(event);
    const http = isHttpSource(source);
    if (context) logger.addContext(context);
    const progress = newProgress();
    let input: LiveStreamInput | undefined;
    try {
      input = toLiveStreamInput(action, event, source);
      const deps = getDeps();
      const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
      const budget = TimeBudget.forInvocation(deps.clock, remaining, http);
      if (input.command.action === 'stop') await noteStop(input.command, budget, deps);
      const result =
        input.kind === 'async' && action === 'start'
          ? await startWhenRunning(input, budget, deps, progress, context)
          : liveStreamResult(input.command, await changeLiveStream(input.command, budget, deps, progress));
      logOutcome('live stream request', {
        ...commandFields(action, source, input.command, event),
        outcome: 'ok',
        ...zoomFields(progress),
        result: result.status,
        note: result.note,
        durationMs: elapsedMs(startedAt),
      });
      return http ? jsonResponse(200, result) : result;
    } catch (error) {
      logOutcome(
        'live stream request',
        { ...commandFields(action, source, input?.command, event), outcome: outcomeOf(error), ...zoomFields(progress), durationMs: elapsedMs(startedAt) },
        error,
      );
      if (http) return errorResponse(error, requestIdOf(event, context?.awsRequestId));
      throw error;
    }
  };
}

/**
 * A scheduled or directly invoked start: waits for the meeting within this invocation, and when its
 * window outlasts the invocation, continues through the start queue.
 */
async function startWhenRunning(
  input: Extract<LiveStreamInput, { kind: 'async' }>,
  budget: TimeBudget,
  deps: LiveStreamDeps,
  progress: Progress,
  context: Context | undefined,
) {
  const now = deps.clock.now();
  const firstAttemptAt = input.eventTime !== undefined && input.eventTime <= now ? input.eventTime : now;
  // Lambda keeps the request id across its own retries of an asynchronous invocation.
  const job = invokeJob(input.command.target, input.command.settings, context?.awsRequestId ?? randomUUID(), firstAttemptAt, input.startWindowMinutes);
  const outcome = await runStartJob(job, budget, deps, { waitInline: true }, progress);
  switch (outcome.kind) {
    case 'started':
      return liveStreamResult(input.command, outcome.outcome);
    case 'handled-elsewhere':
      return liveStreamResult(input.command, { note: `handled by the ${outcome.claim.origin} start (${outcome.claim.state === 'done' ? 'started' : `failed: ${outcome.claim.code ?? 'unknown'}`})` });
    case 'not-needed':
      return liveStreamResult(input.command, { note: outcome.reason });
    case 'waiting':
      await deps.startQueue.send(startJobMessage(outcome.job), (outcome.checkAt - deps.clock.now()) / 1000, budget);
      return { ...liveStreamResult(input.command), status: 'waiting' as const, note: `meeting not running yet; waiting continues until ${new Date(job.windowEndsAt).toISOString()}` };
  }
}

/**
 * Notes a stop before Zoom is asked, so the `live_streaming_stopped` it causes is known as asked
 * for and keep-alive leaves it alone. The stop itself matters more: a failed note is logged only.
 */
async function noteStop(command: LiveStreamCommand, budget: TimeBudget, deps: LiveStreamDeps): Promise<void> {
  try {
    await deps.store.noteStop(command.target, new Date(deps.clock.now()).toISOString(), budget);
  } catch (error) {
    logger.warn('the stop could not be noted: keep-alive may restart this stream', {
      target: describeTarget(command.target),
      errorMessage: error instanceof Error ? error.message : String(error),
    });
  }
}

function commandFields(action: LiveStreamAction, source: EventSource, command: LiveStreamCommand | undefined, event: unknown) {
  return {
    meetingId: command ? (command.target.kind === 'meeting' ? command.target.id : undefined) : claimedId(event),
    ...(command?.target.kind === 'webinar' ? { webinarId: command.target.id } : {}),
    action: command?.action ?? action,
    source,
  };
}
