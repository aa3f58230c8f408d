import type { Clock } from '../core/clock';
import { describeTarget, type LiveStreamSettings, type LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { MeetingStore, StartScheduler } from './ports';
import type { ArmedStart } from '../core/meeting-record';
import type { ZoomApi } from '../zoom/zoom-api';
import { callZoom, type ZoomCallDeps } from '../zoom/zoom-call';
import { nextOccurrence } from './occurrences';
import { meetingTimeJob, startJobMessage } from './start-job';

export interface MeetingTimesDeps extends ZoomCallDeps {
  readonly zoom: ZoomApi;
  readonly store: MeetingStore;
  readonly scheduler: StartScheduler;
  readonly clock: Clock;
}

/** A start is never armed closer to now than this: Scheduler needs a time still to come. */
const MIN_LEAD_MS = 15_000;
export type ArmResult = { readonly armed: ArmedStart } | { readonly problem: string };

/** `meeting-85746065432-1795000000`: one schedule per target and occurrence. */
export const scheduleName = (target: LiveStreamTarget, startMs: number): string => `${target.kind}-${target.id}-${Math.floor(startMs / 1000)}`;

/**
 * Reads the meeting from Zoom (one call) and arms a one-time start at its next time, in its time
 * zone, with a start window covering its duration. Replaces `previous` when that was another
 * schedule. Resolves a problem instead when Zoom has no time to start it at.
 */
export async function armNextStart(
  target: LiveStreamTarget,
  settings: LiveStreamSettings | undefined,
  budget: TimeBudget,
  deps: MeetingTimesDeps,
  options: { readonly previous?: ArmedStart; readonly afterMs?: number; readonly firedSchedule?: string } = {},
): Promise<ArmResult> {
  const meeting = await callZoom((token, timeoutMs) => deps.zoom.getMeeting(target, token, timeoutMs), budget, deps);
  const now = deps.clock.now();
  const next = nextOccurrence(meeting, target.kind, now, options.afterMs);
  const handled = options.afterMs !== undefined ? new Date(options.afterMs).toISOString() : undefined;
  if ('problem' in next) {
    await dropPrevious(options.previous, undefined, budget, deps, options.firedSchedule);
    if (options.previous || handled) await deps.store.setNextStart(target, undefined, budget, handled);
    return { problem: `${describeTarget(target)} ${next.problem}` };
  }
  const at = Math.max(next.startMs, now + MIN_LEAD_MS);
  const endMs = next.startMs + next.durationMinutes * 60_000;
  const windowMinutes = Math.max(1, Math.ceil((endMs - at) / 60_000));
  const name = scheduleName(target, next.startMs);
  const occurrence = { startTime: new Date(next.startMs).toISOString(), ...(next.occurrenceId ? { occurrenceId: next.occurrenceId } : {}) };
  const message = startJobMessage(meetingTimeJob(target, settings, name, at, windowMinutes, occurrence));
  await deps.scheduler.arm({ name, at, timezone: next.timezone, message }, budget);
  await dropPrevious(options.previous, name, budget, deps, options.firedSchedule);
  const armed: ArmedStart = {
    at: new Date(at).toISOString(),
    scheduleName: name,
    timezone: next.timezone,
    windowMinutes,
    ...(next.occurrenceId ? { occurrenceId: next.occurrenceId } : {}),
  };
  await deps.store.setNextStart(target, armed, budget, handled);
  return { armed };
}

/** Removes the armed start of a target that is no longer registered or no longer exists. */
export async function disarm(armed: ArmedStart | undefined, budget: TimeBudget, deps: Pick<MeetingTimesDeps, 'scheduler'>): Promise<void> {
  if (armed) await deps.scheduler.disarm(armed.scheduleName, budget);
}

async function dropPrevious(
  previous: ArmedStart | undefined,
  keep: string | undefined,
  budget: TimeBudget,
  deps: MeetingTimesDeps,
  firedSchedule: string | undefined,
): Promise<void> {
  // A schedule that has fired deleted itself; asking again would only cost a call.
  if (previous && previous.scheduleName !== keep && previous.scheduleName !== firedSchedule) await disarm(previous, budget, deps);
}
