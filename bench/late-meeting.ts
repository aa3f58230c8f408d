/**
 * What a meeting that starts late costs, run with `npm run bench:late-meeting`: for a meeting that
 * starts N = 0, 1, 5, 15 minutes after its scheduled start, the Zoom calls of its scheduled start
 * (refused PATCH, accepted PATCH, status reads; goal: 1 accepted PATCH plus at most one status read
 * per 10 s of waiting) and the Lambda time spent per minute of waiting, on two paths:
 * - worker: the schedule's message through the start worker, which re-sends the job with a delay
 *   while the meeting waits (Lambda time: the worker invocations, measured on the real clock);
 * - direct: a direct invoke that waits inside its invocation (Lambda time: the time it waited) and
 *   hands the rest of the window to the start queue (worker invocations, as above).
 * Waiting happens on a fake clock that the Zoom simulator shares, so 15 minutes take milliseconds.
 */
import { MemoryFailureStore } from '../functions/lib/memory/memory-failure-store';
import type { Context } from 'aws-lambda';
import { InProcessFailureQueue } from '../local/in-process-queue';
import { MemoryMeetingStore } from '../functions/lib/memory/memory-meeting-store';
import { logger } from '../functions/lib/core/logger';
import { createLiveStreamHandler } from '../functions/lib/handlers/live-stream-handler';
import { lazy, liveStreamDeps, startWorkerDeps, zoomAccess } from '../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../functions/lib/handlers/start-worker-handler';
import { lambdaContext } from '../local/lambda-context';
import { startClockedBackends, zoomCallsFor, type ClockedBackends } from '../test/helpers/clocked-backends';
import { RecordingStartQueue, sqsEvent } from '../test/helpers/sqs-delivery';
import { median } from './stats';

const LATE_MINUTES = [0, 1, 5, 15];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The deployed timeouts (infra/live-stream-function.ts, infra/function-settings.ts). */
const START_FUNCTION_TIMEOUT_MS = 120_000;
const START_WORKER_TIMEOUT_MS = 60_000;
const POLL_SECONDS = 10;

logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type Path = 'worker' | 'direct';

interface Round {
  readonly refusedPatches: number;
  readonly acceptedPatches: number;
  readonly statusReads: number;
  /** Simulated ms from the scheduled start to the accepted PATCH. */
  readonly waitedMs: number;
  readonly workerInvocations: number;
  /** Lambda time of the direct invoke (its waiting included) plus every worker invocation. */
  readonly lambdaMs: number;
  readonly failures: number;
}

/** One container of each function on the shared clock, with one start queue between them. */
function containers(backends: ClockedBackends) {
  const env = backends.env;
  const queue = new RecordingStartQueue(backends.clock);
  const failureQueue = new InProcessFailureQueue();
  // One Zoom access for both, as the system's one container would have it.
  const overrides = backends.overrides({ zoomAccess: zoomAccess(env, backends.overrides()), store: new MemoryMeetingStore(), startQueue: queue, failureQueue, failures: new MemoryFailureStore() });
  return {
    queue,
    failureQueue,
    worker: createStartWorkerHandler(lazy(() => startWorkerDeps(env, overrides))),
    direct: createLiveStreamHandler('start', lazy(() => liveStreamDeps(env, overrides))),
  };
}

async function oneRound(backends: ClockedBackends, path: Path, lateMinutes: number, parts: ReturnType<typeof containers>): Promise<Round> {
  const { clock, zoom } = backends;
  const scheduledAt = clock.now();
  const meetingId = backends.addLateMeeting(lateMinutes * 60_000);
  const failuresBefore = parts.failureQueue.messages.length;
  let lambdaMs = 0;
  if (path === 'worker') {
    parts.queue.put(JSON.stringify({ meetingId }));
  } else {
    const realStart = performance.now();
    await parts.direct({ meetingId }, lambdaContext('start', START_FUNCTION_TIMEOUT_MS) as Context);
    lambdaMs += clock.now() - scheduledAt + (performance.now() - realStart);
  }
  let workerInvocations = 0;
  for (let job = parts.queue.takeNext(); job; job = parts.queue.takeNext()) {
    if (job.dueAt > clock.now()) clock.advance(job.dueAt - clock.now());
    const realStart = performance.now();
    const answer = await parts.worker(sqsEvent([job]), lambdaContext('start-worker', START_WORKER_TIMEOUT_MS) as Context);
    lambdaMs += performance.now() - realStart;
    workerInvocations += 1;
    if (answer.batchItemFailures.length > 0) throw new Error(`the worker asked for a redelivery of meeting ${meetingId}`);
  }
  const calls = zoomCallsFor(zoom, meetingId);
  const accepted = calls.acceptedPatches[0];
  return {
    refusedPatches: calls.patches.length - calls.acceptedPatches.length,
    acceptedPatches: calls.acceptedPatches.length,
    statusReads: calls.statusReads.length,
    waitedMs: accepted ? accepted.at - scheduledAt : NaN,
    workerInvocations,
    lambdaMs,
    failures: parts.failureQueue.messages.length - failuresBefore,
  };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

async function main(): Promise<void> {
  const backends = await startClockedBackends();
  try {
    const parts = containers(backends);
    // Warm the containers (secret read, token exchange) so every round measures a warm start.
    await oneRound(backends, 'worker', 0, parts);
    console.log(`late meeting: ${ROUNDS} round(s) per row; Lambda ms is the median; goal: 1 accepted PATCH + at most 1 status read per ${POLL_SECONDS} s of waiting`);
    console.log(
      [
        pad('path', 6), pad('late', 5), pad('refused PATCH', 14), pad('accepted PATCH', 15), pad('status reads', 13), pad('waited s', 9),
        pad('reads allowed', 14), pad('goal', 15), pad('worker inv.', 12), pad('Lambda ms', 12), pad('ms per late min', 16), pad('failures', 9),
      ].join(' '),
    );
    for (const path of ['worker', 'direct'] as const) {
      for (const lateMinutes of LATE_MINUTES) {
        const rounds: Round[] = [];
        for (let i = 0; i < ROUNDS; i += 1) {
          backends.clock.advance(3_600_000); // a new scheduled start, well apart from the last
          rounds.push(await oneRound(backends, path, lateMinutes, parts));
        }
        const first = rounds[0] as Round;
        const lambdaMs = median(rounds.map((r) => r.lambdaMs));
        const allowedReads = Math.floor(first.waitedMs / (POLL_SECONDS * 1000));
        const over = first.statusReads - allowedReads;
        const goal = first.acceptedPatches === 1 && over <= 0 ? 'met' : `MISS${over > 0 ? ` (+${over} read)` : ''}`;
        console.log(
          [
            pad(path, 6), pad(`${lateMinutes}m`, 5), pad(first.refusedPatches, 14), pad(first.acceptedPatches, 15), pad(first.statusReads, 13),
            pad((first.waitedMs / 1000).toFixed(0), 9), pad(allowedReads, 14), pad(goal, 15), pad(first.workerInvocations, 12),
            pad(lambdaMs.toFixed(1), 12), pad(lateMinutes > 0 ? (lambdaMs / lateMinutes).toFixed(1) : '-', 16),
            pad(rounds.reduce((sum, r) => sum + r.failures, 0), 9),
          ].join(' '),
        );
      }
    }
  } finally {
    await backends.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
