import { ConfigurationError, LiveStreamError } from '../core/errors';
import type { LiveStreamSettings } from '../core/target';
import { startJobMessage, type StartJob } from '../core/start-job';
import type { LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { MeetingRecord } from '../core/meeting-record';
import { callZoom } from '../zoom/zoom-call';
import { deliveryId, eventInstance, type ZoomEvent } from '../zoom/webhook-event';
import type { ChangeLiveStreamDeps } from './change-live-stream';
import type { ZoomEventDeps } from './webhook-events';

/** Restarts of one instance at most: a stream that keeps dropping has a cause no restart fixes. */
export const MAX_KEEP_ALIVE_RESTARTS = 3;
/** Zoom refuses a start within 30 s of the last one ("retry … after 30 seconds"). */
export const KEEP_ALIVE_DELAY_SECONDS = 30;
/** A drop this soon after a stop through this system's API was asked for. */
export const REQUESTED_STOP_MS = 2 * 60_000;
/** How long after it is due a restart may still be tried (Zoom or AWS briefly unavailable). */
const RESTART_WINDOW_SECONDS = 120;
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

/**
 * An unrequested `live_streaming_stopped` of a target registered with `keepAlive`: counts a restart
 * of the instance and queues it after Zoom's 30-second rule, through the start queue as every start
 * nobody waits for. Resolves what was done, or undefined when keep-alive does not apply. The
 * event's stream settings (its key among them) are never read, stored or logged: the restart
 * starts with the registered settings.
 */
export async function keepAliveAfterDrop(
  event: ZoomEvent,
  target: LiveStreamTarget,
  droppedAt: number,
  budget: TimeBudget,
  deps: ZoomEventDeps,
  /** Runs its work once per delivery (Zoom's redelivery of this event counts no second restart). */
  onlyOnce: (act: () => Promise<string>) => Promise<string>,
): Promise<string | undefined> {
  const record = await deps.store.get(target, budget);
  const registration = record?.autoStart;
  if (!registration?.keepAlive) return undefined;
  const instance = eventInstance(event);
  if (!instance) return 'stream stopped; not restarted (the event names no instance)';
  const startedAt = typeof event.object.start_time === 'string' ? Date.parse(event.object.start_time) : NaN;
  if (stoppedOnPurpose(record, droppedAt, Number.isFinite(startedAt) ? startedAt : undefined)) {
    return 'stream stopped through this system; not restarted';
  }
  return onlyOnce(async () => {
    const restart = await deps.store.countRestart(target, instance, MAX_KEEP_ALIVE_RESTARTS, budget);
    if (restart === undefined) return `stream stopped; not restarted (${MAX_KEEP_ALIVE_RESTARTS} restarts of this instance used)`;
    await deps.startQueue.send(startJobMessage(restartJob(event, target, registration.settings, instance, restart, droppedAt, deps.clock.now())), KEEP_ALIVE_DELAY_SECONDS, budget);
    return `stream dropped; restart ${restart} of ${MAX_KEEP_ALIVE_RESTARTS} queued in ${KEEP_ALIVE_DELAY_SECONDS} s`;
  });
}

function restartJob(
  event: ZoomEvent,
  target: LiveStreamTarget,
  settings: LiveStreamSettings,
  instance: string,
  restart: number,
  droppedAt: number,
  now: number,
): StartJob {
  return {
    target,
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
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

/**
 * Why a keep-alive restart that is due no longer applies, or undefined when it does: unregistered
 * or keep-alive turned off, stopped through the API since the drop, or the meeting is not running
 * (it ended). One read of Zoom's meeting status; nothing else is called before the start.
 */
export async function restartNoLongerWanted(
  job: StartJob,
  budget: TimeBudget,
  deps: ChangeLiveStreamDeps & Pick<ZoomEventDeps, 'store'>,
): Promise<string | undefined> {
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
