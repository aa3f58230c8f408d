import { InvalidRequestError } from '../core/errors';
import type { LiveStreamSettings, LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { ArmedStart, AutoStart } from '../core/meeting-record';
import { armNextStart, disarm, type MeetingTimesDeps } from './meeting-times';
import type { StartJob } from './start-job';

export interface Registration {
  readonly autoStart: AutoStart;
  readonly nextStart?: ArmedStart;
}

/**
 * Registers a target for auto-start (a second registration replaces the first). With `schedule`,
 * its start is also armed at Zoom's next time for it; a target Zoom has no time for is refused
 * (400 saying why) and nothing is stored.
 */
export async function registerAutoStart(
  target: LiveStreamTarget,
  request: { readonly settings?: LiveStreamSettings; readonly schedule?: boolean; readonly keepAlive?: boolean },
  budget: TimeBudget,
  deps: MeetingTimesDeps,
): Promise<Registration> {
  const autoStart: AutoStart = {
    settings: request.settings ?? {},
    schedule: request.schedule === true,
    registeredAt: new Date(deps.clock.now()).toISOString(),
    ...(request.keepAlive ? { keepAlive: true } : {}),
  };
  const previous = (await deps.store.get(target, budget))?.nextStart;
  let nextStart: ArmedStart | undefined;
  if (autoStart.schedule) {
    const result = await armNextStart(target, autoStart.settings, budget, deps, { previous });
    if ('problem' in result) throw new InvalidRequestError(`schedule: ${result.problem}`);
    nextStart = result.armed;
  } else if (previous) {
    await disarm(previous, budget, deps);
    await deps.store.setNextStart(target, undefined, budget);
  }
  await deps.store.putAutoStart(target, autoStart, budget);
  return { autoStart, ...(nextStart ? { nextStart } : {}) };
}

/** Unregisters a target (fine when it was not registered) and removes its armed start. */
export async function unregisterAutoStart(target: LiveStreamTarget, budget: TimeBudget, deps: Pick<MeetingTimesDeps, 'store' | 'scheduler'>): Promise<void> {
  const before = await deps.store.removeAutoStart(target, budget);
  await disarm(before?.nextStart, budget, deps);
}

/** A meeting changed in Zoom (`meeting.updated`, `meeting.deleted`): move or remove its armed start. */
export async function meetingChanged(target: LiveStreamTarget, change: 'updated' | 'deleted', budget: TimeBudget, deps: MeetingTimesDeps): Promise<string> {
  if (change === 'deleted') {
    await unregisterAutoStart(target, budget, deps);
    return 'registration and its armed start removed';
  }
  const record = await deps.store.get(target, budget);
  if (!record?.autoStart?.schedule) return 'registered without schedule; nothing to move';
  // An occurrence whose start already ran is not armed again because its details changed.
  const afterMs = record.lastOccurrence ? Date.parse(record.lastOccurrence) : undefined;
  const result = await armNextStart(target, record.autoStart.settings, budget, deps, { previous: record.nextStart, ...(afterMs !== undefined ? { afterMs } : {}) });
  return 'problem' in result ? `no time to start at: ${result.problem}` : `next start armed at ${result.armed.at}`;
}

/**
 * When a meeting-time start fires, arms the meeting's next occurrence first, so that the series
 * goes on whatever this start's outcome. Only the first run of the fired schedule does it: then the
 * armed start is this one; a redelivery or a continuation finds the next one armed already.
 */
export async function rearmBefore(job: StartJob, budget: TimeBudget, deps: MeetingTimesDeps): Promise<void> {
  if (job.origin !== 'meeting-time' || !job.occurrence) return;
  const record = await deps.store.get(job.target, budget);
  if (!record?.autoStart?.schedule || record.nextStart?.scheduleName !== job.jobId) return;
  const afterMs = Date.parse(job.occurrence.startTime);
  // A meeting without occurrences has one time: nothing comes after it unless it is changed in Zoom,
  // and meeting.updated re-arms then. Its fired start is only cleared, without asking Zoom.
  if (!job.occurrence.occurrenceId) {
    await deps.store.setNextStart(job.target, undefined, budget, job.occurrence.startTime);
    return;
  }
  await armNextStart(job.target, record.autoStart.settings, budget, deps, { previous: record.nextStart, afterMs, firedSchedule: job.jobId });
}
