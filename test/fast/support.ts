/**
 * The one seam between the fast tests and the code they test: the only file under test/fast that
 * imports from functions/, local/ or test/helpers. When modules move, only the imports here change.
 * Everything is built in memory on a fake clock: no moto, no simulator, no network.
 */
import { failureIdOf, type StartFailure } from '../../functions/lib/core/start-failure';
import type { LiveStreamTarget } from '../../functions/lib/core/target';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { meetingChanged, rearmBefore } from '../../functions/lib/use-cases/auto-start';
import type { FailureNotifier, FailureQueue, FailureStore, MeetingStore, ScheduledStart, StartQueue, StartScheduler } from '../../functions/lib/use-cases/ports';
import { parseQueueMessage, processStartMessage, START_QUEUE_MAX_RECEIVES, type MessageResult, type QueueMessage, type QueuedMessage, type StartJob } from '../../functions/lib/use-cases/start-job';
import type { ZoomEvent } from '../../functions/lib/zoom/event-notification';
import { TokenProvider } from '../../functions/lib/zoom/token-provider';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../functions/lib/zoom/zoom-call';
import type { ZoomApi } from '../../functions/lib/zoom/zoom-api';
import { FakeClock } from '../helpers/fake-clock';
import { FakeZoom } from './fake-zoom';

export * from '../../functions/lib/core/errors';
export { failureIdOf, type StartFailure };
export { DEFAULT_START_WINDOW_MINUTES, type LiveStreamCommand, type LiveStreamTarget } from '../../functions/lib/core/target';
export { TimeBudget } from '../../functions/lib/core/time-budget';
export type { ArmedStart, MeetingRecord, StartClaim } from '../../functions/lib/core/meeting-record';
export { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
export { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
export { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';
export { meetingChanged, rearmBefore, registerAutoStart, unregisterAutoStart } from '../../functions/lib/use-cases/auto-start';
export { changeLiveStream, NOTE_NOT_RUNNING } from '../../functions/lib/use-cases/change-live-stream';
export { armNextStart, scheduleName } from '../../functions/lib/use-cases/meeting-times';
export { retryStartFailure } from '../../functions/lib/use-cases/start-failures';
export {
  KEEP_ALIVE_DELAY_SECONDS,
  meetingChangeMessage,
  OCCURRENCE_LOOKBACK_MS,
  parseQueueMessage,
  POLL_INTERVAL_MS,
  recordStartFailure,
  runStartJob,
  START_QUEUE_MAX_RECEIVES,
  startJobMessage,
  type JobOrigin,
  type MessageResult,
  type QueuedMessage,
  type StartJob,
  type StartJobOutcome,
} from '../../functions/lib/use-cases/start-job';
export { DELIVERY_MEMORY_SECONDS, HAND_OFF_LEASE_SECONDS, handleZoomEvent, MAX_KEEP_ALIVE_RESTARTS } from '../../functions/lib/use-cases/webhook-events';
export type { ZoomEvent } from '../../functions/lib/zoom/event-notification';
export type { ZoomMeeting, ZoomOccurrence } from '../../functions/lib/zoom/meeting';
export { TokenProvider } from '../../functions/lib/zoom/token-provider';
export { DEFAULT_BACKOFF } from '../../functions/lib/zoom/zoom-call';
export { zoomError } from '../../functions/lib/zoom/zoom-errors';
export { FakeClock } from '../helpers/fake-clock';
export { ManualClock } from '../helpers/manual-clock';
export { FakeZoom } from './fake-zoom';

/** A failure queue that only records what was parked, as SQS would hold it. */
export class RecordingFailureQueue implements FailureQueue {
  readonly messages: { body: string; code: string; message: string }[] = [];

  async send(body: string, failure: { code: string; message: string }): Promise<void> {
    this.messages.push({ body, ...failure });
  }
}

/** The meeting most tests are about. */
export const MEETING = { kind: 'meeting', id: '85746065432' } as const satisfies LiveStreamTarget;
export const ACCOUNT_ID = 'account-under-test';

/** A start queue that only records what was sent (body decoded by the production decoder) and when it is due. */
export class RecordingStartQueue implements StartQueue {
  readonly sent: { body: string; delaySeconds: number }[] = [];
  /** Errors thrown by the next sends, in order. */
  readonly failures: Error[] = [];

  async send(body: string, delaySeconds: number): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ body, delaySeconds });
  }

  /** What each sent message asks for, read as the worker reads it. */
  messages(): QueueMessage[] {
    return this.sent.map((entry, index) => parseQueueMessage(entry.body, { messageId: `sent-${index}`, sentAt: 0 }));
  }

  /** The start jobs sent, in order. */
  jobs(): StartJob[] {
    return this.messages().flatMap((message) => (message.kind === 'start' ? [message.job] : []));
  }
}

/** A scheduler that records what is armed (by name) and every disarm. */
export class RecordingScheduler implements StartScheduler {
  readonly armed = new Map<string, ScheduledStart>();
  readonly disarmed: string[] = [];
  readonly failures: Error[] = [];

  async arm(start: ScheduledStart): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.armed.set(start.name, start);
  }

  async disarm(name: string): Promise<void> {
    this.disarmed.push(name);
    this.armed.delete(name);
  }
}

export class RecordingNotifier implements FailureNotifier {
  readonly notified: StartFailure[] = [];
  failWith?: Error;

  async notify(failure: StartFailure): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.notified.push(failure);
  }
}

export interface UseCaseDeps {
  readonly clock: FakeClock;
  /** The fake, typed as the client the use cases take. */
  readonly zoom: ZoomApi;
  /** The same fake, to program and inspect. */
  readonly fakeZoom: FakeZoom;
  readonly tokens: TokenProvider;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  readonly requestTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Typed as the port, so calls read as the use cases make them (with a budget). */
  readonly store: MeetingStore;
  readonly startQueue: RecordingStartQueue;
  readonly failureQueue: RecordingFailureQueue;
  readonly failures: FailureStore;
  readonly notifier: RecordingNotifier;
  readonly scheduler: StartScheduler;
  readonly accountId?: string;
  readonly newJobId?: () => string;
}

/**
 * Every dependency a use case takes, in memory: a fake clock whose sleeps pass at once, the fake
 * Zoom (the target meeting running, its stream configured), a real TokenProvider over a fake
 * exchange, the memory stores, and recording queues, scheduler and notifier.
 */
export function useCaseDeps(overrides: Partial<UseCaseDeps> = {}): UseCaseDeps {
  const clock = overrides.clock ?? new FakeClock();
  const fakeZoom = overrides.fakeZoom ?? new FakeZoom(() => clock.now());
  if (!overrides.fakeZoom) fakeZoom.meeting(MEETING.id);
  let issued = 0;
  const tokens =
    overrides.tokens ??
    new TokenProvider(
      { get: async () => ({ kind: 'server-to-server', accountId: ACCOUNT_ID, clientId: 'client', clientSecret: 'secret' }), invalidate: () => undefined },
      async () => ({ accessToken: `fake-token-${(issued += 1)}`, expiresInMs: 3600_000 }),
      clock,
    );
  return {
    random: () => 0.5,
    backoff: DEFAULT_BACKOFF,
    requestTimeoutMs: 5000,
    pollIntervalMs: 10_000,
    store: new MemoryMeetingStore(),
    startQueue: new RecordingStartQueue(),
    failureQueue: new RecordingFailureQueue(),
    failures: new MemoryFailureStore(),
    notifier: new RecordingNotifier(),
    scheduler: new RecordingScheduler(),
    accountId: ACCOUNT_ID,
    ...overrides,
    clock,
    fakeZoom,
    zoom: fakeZoom as unknown as ZoomApi,
    tokens,
  };
}

/** An invocation's budget on the deps' clock. */
export const budgetOf = (deps: Pick<UseCaseDeps, 'clock'>, remainingMs = 60_000): TimeBudget => new TimeBudget(deps.clock, remainingMs);

/** A start job as the webhook or a schedule hands it off, due now with a 15-minute window. */
export function startJob(deps: Pick<UseCaseDeps, 'clock'>, overrides: Partial<StartJob> = {}): StartJob {
  const now = deps.clock.now();
  return { target: MEETING, origin: 'webhook', jobId: 'job-1', firstAttemptAt: now, windowEndsAt: now + 15 * 60_000, notBefore: now - 60_000, ...overrides };
}

/** A start queue delivery as SQS hands it to the worker. */
export function queuedMessage(body: string, options: { receiveCount?: number; id?: string; sentAt?: number } = {}): QueuedMessage {
  return { id: options.id ?? 'message-1', body, sentAt: options.sentAt ?? 0, receiveCount: options.receiveCount ?? 1 };
}

/**
 * Runs one start queue message through the start worker's policy (re-queue, retry, park, record),
 * with the meeting-time hooks over `deps` unless `hooks: false`.
 */
export function processMessage(deps: UseCaseDeps, message: QueuedMessage, remainingMs = 60_000, options: { hooks?: boolean } = {}): Promise<MessageResult> {
  const meetingTimes =
    options.hooks === false
      ? undefined
      : {
          beforeStart: (job: StartJob, budget: TimeBudget) => rearmBefore(job, budget, deps),
          changed: (target: LiveStreamTarget, change: 'updated' | 'deleted', budget: TimeBudget) => meetingChanged(target, change, budget, deps),
        };
  return processStartMessage(message, remainingMs, { ...deps, ...(meetingTimes ? { meetingTimes } : {}) });
}

/** The delivery after which the start queue parks a message itself (the worker records the failure then). */
export const LAST_DELIVERY = START_QUEUE_MAX_RECEIVES;

/** A verified Zoom event as the webhook parses it. */
export function zoomEvent(event: string, object: Record<string, unknown>, options: { eventTs?: number; accountId?: string } = {}): ZoomEvent {
  return { event, eventTs: options.eventTs ?? Date.UTC(2026, 10, 26, 8, 55), object, accountId: options.accountId ?? ACCOUNT_ID };
}

/** Every start failure recorded for the operator, newest first. */
export async function recordedFailures(deps: Pick<UseCaseDeps, 'failures' | 'clock'>): Promise<readonly StartFailure[]> {
  return (await deps.failures.list({ limit: 100 }, budgetOf(deps))).items;
}
