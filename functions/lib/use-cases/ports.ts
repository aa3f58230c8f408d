import type { StartFailure, FailureRetry } from '../core/start-failure';
import type { TimeBudget } from '../core/time-budget';
import type { Page, PageRequest } from '../core/listing';
import type { ArmedStart, AutoStart, ClaimRequest, ClaimResult, ListState, MeetingRecord, StartClaim, StreamState } from '../core/meeting-record';
import type { LiveStreamTarget } from '../core/target';

/** Where each new start failure is announced: the stack's notification topic (SNS), when it has one. */
export interface FailureNotifier {
  notify(failure: StartFailure, budget: TimeBudget): Promise<void>;
}

/**
 * Where start failures are kept for the operator, FAILURE_RETENTION_DAYS each: the meetings table
 * in AWS (`failure#…` items, removed by its TTL), memory elsewhere. Listing reads only: nothing is
 * consumed or hidden by looking.
 */
export interface FailureStore {
  /** Records a failure; resolves false when one with its id was recorded before (nothing changes). */
  record(failure: StartFailure, budget: TimeBudget): Promise<boolean>;
  get(failureId: string, budget: TimeBudget): Promise<StartFailure | undefined>;
  /**
   * Sets the failure's retry, only if its retry is still `previous` (the job id read before, or
   * undefined for none): resolves false when another retry got there first.
   */
  setRetry(failureId: string, retry: FailureRetry, previous: string | undefined, budget: TimeBudget): Promise<boolean>;
  /** Newest failure first. */
  list(request: PageRequest, budget: TimeBudget): Promise<Page<StartFailure>>;
}

/**
 * Everything the functions remember about meetings and webinars: auto-start registrations, stream
 * state, armed schedules, start claims, and the webhook deliveries already handled. DynamoDB in AWS
 * (`MEETINGS_TABLE`), memory elsewhere; both keep exactly these semantics. Every call is bounded by
 * the invocation's time budget.
 */
export interface MeetingStore {
  get(target: LiveStreamTarget, budget: TimeBudget): Promise<MeetingRecord | undefined>;
  putAutoStart(target: LiveStreamTarget, autoStart: AutoStart, budget: TimeBudget): Promise<void>;
  /** Removes the registration and its armed start; resolves to the record as it was. */
  removeAutoStart(target: LiveStreamTarget, budget: TimeBudget): Promise<MeetingRecord | undefined>;
  /**
   * Sets (or clears) the armed start, and with `lastOccurrence` records the occurrence it follows.
   * Clearing the start of a target the store does not have leaves it without a record.
   */
  setNextStart(target: LiveStreamTarget, next: ArmedStart | undefined, budget: TimeBudget, lastOccurrence?: string): Promise<void>;
  /**
   * Applies `stream` unless a later event already set the state; resolves whether it did.
   * `knownOnly`: only for a target the store already has (a meeting's end, sent for every meeting).
   */
  setStream(target: LiveStreamTarget, stream: StreamState, budget: TimeBudget, knownOnly?: boolean): Promise<boolean>;
  /** Takes the start claim unless an existing one blocks it (see `claimBlocks`). */
  claimStart(target: LiveStreamTarget, request: ClaimRequest, budget: TimeBudget): Promise<ClaimResult>;
  /**
   * Settles the claim `jobId` holds. A success is recorded whoever held the claim (an HTTP start
   * holds none); a failure only over the job's own claim, never over another job's.
   */
  settleStart(target: LiveStreamTarget, claim: Omit<StartClaim, 'leaseUntil'>, budget: TimeBudget): Promise<void>;
  /** Gives up the claim `jobId` holds without a result (the meeting was not running after all). */
  releaseStart(target: LiveStreamTarget, jobId: string, budget: TimeBudget): Promise<void>;
  /** Records a stop through the API, for a target the store has (keep-alive leaves a requested stop alone). */
  noteStop(target: LiveStreamTarget, at: string, budget: TimeBudget): Promise<void>;
  /**
   * Counts one more keep-alive restart of `instance` (a new instance starts from none); resolves the
   * restart's number, or undefined when `max` were counted for it already. Atomic: two deliveries
   * at once never get the same number.
   */
  countRestart(target: LiveStreamTarget, instance: string, max: number, budget: TimeBudget): Promise<number | undefined>;
  /** Records a webhook delivery id until `expiresAt` (epoch s); resolves false when it was seen before. */
  rememberDelivery(deliveryId: string, expiresAt: number, now: number, budget: TimeBudget): Promise<boolean>;
  /** Records a webhook delivery id until `expiresAt` (epoch s) whether or not it was seen before. */
  keepDelivery(deliveryId: string, expiresAt: number, budget: TimeBudget): Promise<void>;
  /** Forgets a delivery whose handling failed, so that Zoom's redelivery is handled. */
  forgetDelivery(deliveryId: string, budget: TimeBudget): Promise<void>;
  /**
   * The targets, newest activity first (the last registration, stream event, or start claim taken
   * or settled), one page at a time, only those in `state` when given. Reads only.
   */
  list(request: ListRequest, budget: TimeBudget): Promise<Page<MeetingRecord>>;
}

export interface ListRequest extends PageRequest {
  readonly state?: ListState;
}

/**
 * Where starts that nobody waits for are handed off: the start queue in AWS (SQS, drained by the
 * start worker with bounded concurrency), an in-process queue elsewhere.
 */
export interface StartQueue {
  /** Sends a job message (see `startJobMessage`), delivered after `delaySeconds` (at most 900). */
  send(body: string, delaySeconds: number, budget: TimeBudget): Promise<void>;
}

/** Where a job that can never succeed is parked with its error, for a person to read. */
export interface FailureQueue {
  send(body: string, failure: { code: string; message: string }, budget: TimeBudget): Promise<void>;
}

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;

/** A one-time start: deliver `message` to the start queue at `at`. */
export interface ScheduledStart {
  /** Unique per target and occurrence, at most 64 characters. */
  readonly name: string;
  /** Epoch ms. */
  readonly at: number;
  /** The meeting's IANA time zone: the schedule is expressed in its wall-clock time. */
  readonly timezone: string;
  /** A start job message (`startJobMessage`). */
  readonly message: string;
}

/**
 * Arranges starts at times read from Zoom: one-time EventBridge Scheduler schedules in the stack's
 * group (deleted by Scheduler once they fire), timers in a process without AWS.
 */
export interface StartScheduler {
  arm(start: ScheduledStart, budget: TimeBudget): Promise<void>;
  /** Removes a schedule; one that already fired or never existed is fine. */
  disarm(name: string, budget: TimeBudget): Promise<void>;
}
