import type { LiveStreamSettings, LiveStreamTarget } from './target';

/** "Start this target's stream whenever it starts", with the settings to start it with. */
export interface AutoStart {
  readonly settings: LiveStreamSettings;
  /** Also start it at the times Zoom has for it (one-time schedules, re-armed per occurrence). */
  readonly schedule: boolean;
  readonly registeredAt: string;
  /** Restart the stream when it drops while the meeting runs (see use-cases/webhook-events.ts). */
  readonly keepAlive?: boolean;
}

/** Keep-alive restarts of one Zoom instance of the meeting. */
export interface KeepAliveRestarts {
  /** Zoom's instance (`payload.object.uuid`) they were for. */
  readonly instance: string;
  readonly restarts: number;
}

/** What Zoom's live streaming events last said, and when. */
export interface StreamState {
  readonly state: 'live' | 'stopped';
  /** ISO time of the event that set it. */
  readonly since: string;
}

/** The one-time schedule that starts the target at its next time from Zoom. */
export interface ArmedStart {
  /** ISO time (UTC) the schedule fires. */
  readonly at: string;
  readonly scheduleName: string;
  readonly timezone: string;
  readonly windowMinutes: number;
  readonly occurrenceId?: string;
}

export type ClaimState = 'pending' | 'done' | 'failed';

/**
 * Who is starting (or started) the stream, so that a schedule and a webhook that both fire for one
 * meeting start it once and report at most one failure.
 */
export interface StartClaim {
  readonly jobId: string;
  readonly origin: string;
  readonly state: ClaimState;
  /** Epoch ms the claim was taken or settled. */
  readonly at: number;
  /** Epoch ms after which a pending claim counts as abandoned (its holder crashed or timed out). */
  readonly leaseUntil?: number;
  /** The error code a failed start ended with. */
  readonly code?: string;
  /** Zoom's instance (`payload.object.uuid`) the start was for, when a webhook told it. */
  readonly instance?: string;
}

export interface MeetingRecord {
  readonly target: LiveStreamTarget;
  readonly autoStart?: AutoStart;
  readonly stream?: StreamState;
  readonly nextStart?: ArmedStart;
  /** ISO start of the last occurrence whose start was handed to the start queue: later arms come after it. */
  readonly lastOccurrence?: string;
  readonly startClaim?: StartClaim;
  /** ISO time of the last stop through this system's API: a drop soon after it was asked for. */
  readonly stoppedAt?: string;
  readonly keepAlive?: KeepAliveRestarts;
}

export interface ClaimRequest {
  readonly jobId: string;
  readonly origin: string;
  readonly now: number;
  /** Claims older than this belong to an earlier occurrence and do not count. */
  readonly notBefore: number;
  readonly leaseMs: number;
  /** Zoom's instance (`payload.object.uuid`) the start is for, when known. */
  readonly instance?: string;
}

export type ClaimResult = { readonly won: true } | { readonly won: false; readonly claim: StartClaim };

/** The filters of `GET /livestreams`. */
export type ListState = 'live' | 'armed' | 'failed' | 'registered';
export const LIST_STATES: readonly ListState[] = ['live', 'armed', 'failed', 'registered'];


/** Whether a record is in a listed state (the DynamoDB store's filter expressions say the same). */
export function inListState(record: MeetingRecord, state: ListState | undefined): boolean {
  switch (state) {
    case undefined:
      return true;
    case 'live':
      return record.stream?.state === 'live';
    case 'armed':
      return record.nextStart !== undefined;
    case 'failed':
      return record.startClaim?.state === 'failed';
    case 'registered':
      return record.autoStart !== undefined;
  }
}

/**
 * Whether an existing claim stops `request` from taking it (the one rule both stores apply). When
 * both name Zoom's instance, the instance tells them apart: a host who ends a meeting and starts it
 * again seconds later has a new instance, which starts again. Otherwise (a schedule knows no
 * instance) a claim older than `notBefore` belongs to an earlier occurrence. A pending claim whose lease runs
 * blocks everyone, the same job too (SQS may deliver a message twice at once); a done one blocks
 * everyone; a failed one blocks other jobs (one failure is reported once) but not its own retry.
 */
export function claimBlocks(existing: StartClaim | undefined, request: ClaimRequest): boolean {
  if (!existing) return false;
  if (existing.instance !== undefined && request.instance !== undefined) {
    if (existing.instance !== request.instance) return false;
  } else if (existing.at < request.notBefore) return false;
  if (existing.state === 'pending') return (existing.leaseUntil ?? 0) >= request.now;
  if (existing.state === 'failed') return existing.jobId !== request.jobId;
  return true;
}

/** The store's key for a target: `meeting#85746065432`, `webinar#…`. */
export const targetKey = (target: LiveStreamTarget): string => `${target.kind}#${target.id}`;

/** A drop this soon after a stop through this system's API was asked for. */
export const REQUESTED_STOP_MS = 2 * 60_000;
/** A start time further back than this is a series' first date, not this instance's start. */
const INSTANCE_START_HORIZON_MS = 24 * 3600_000;

/**
 * Whether a stop through the API ends keep-alive for a drop at `droppedAt`: it came at most two
 * minutes before the drop (the drop is its effect), or after the instance started (the operator
 * stopped this instance's stream on purpose).
 */
export function stoppedOnPurpose(record: MeetingRecord | undefined, droppedAt: number, instanceStart?: number): boolean {
  const stoppedAt = record?.stoppedAt ? Date.parse(record.stoppedAt) : NaN;
  if (!Number.isFinite(stoppedAt)) return false;
  if (stoppedAt >= droppedAt - REQUESTED_STOP_MS) return true;
  return instanceStart !== undefined && instanceStart >= droppedAt - INSTANCE_START_HORIZON_MS && stoppedAt >= instanceStart;
}
