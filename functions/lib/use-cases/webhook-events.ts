import type { Clock } from '../core/clock';
import { logger } from '../core/logger';
import type { LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import type { MeetingStore, StartQueue } from './ports';
import { stoppedOnPurpose } from '../core/meeting-record';
import { deliveryId, eventInstance, eventTarget, eventTime, type ZoomEvent } from '../zoom/event-notification';
import { KEEP_ALIVE_DELAY_SECONDS, keepAliveJob, meetingChangeMessage, startJobMessage, webhookJob } from './start-job';

/** How long a handled delivery is remembered: Zoom redelivers for about 85 minutes; a day and more is safe. */
export const DELIVERY_MEMORY_SECONDS = 48 * 3600;
/**
 * How long a delivery being handed off holds off its duplicates: longer than one webhook invocation,
 * far shorter than the 5 minutes before Zoom redelivers what was answered with an error.
 */
export const HAND_OFF_LEASE_SECONDS = 60;
/** Zoom's clock and ours may differ a little: a start this much before the event still counts as this meeting's. */
const CLOCK_SKEW_MS = 60_000;

export interface ZoomEventDeps {
  readonly store: MeetingStore;
  readonly startQueue: StartQueue;
  readonly clock: Clock;
  /** The Zoom account of this system's credentials: events of any other account are ignored. */
  readonly accountId?: string;
}

export interface EventResult {
  readonly event: string;
  readonly target?: LiveStreamTarget;
  /** What was done, in a few words; also the log's `result`. */
  readonly result: string;
}

const STARTED = new Set(['meeting.started', 'webinar.started']);
const STREAM_STATE: Record<string, 'live' | 'stopped'> = {
  'meeting.live_streaming_started': 'live',
  'meeting.live_streaming_stopped': 'stopped',
  'webinar.live_streaming_started': 'live',
  'webinar.live_streaming_stopped': 'stopped',
};
const ENDED = new Set(['meeting.ended', 'webinar.ended']);
const CHANGED: Record<string, 'updated' | 'deleted'> = {
  'meeting.updated': 'updated',
  'meeting.deleted': 'deleted',
  'webinar.updated': 'updated',
  'webinar.deleted': 'deleted',
};

/**
 * What a verified Zoom event does. A registered meeting's start is handed off to the start queue
 * (the webhook is answered without waiting for Zoom's API); live streaming and end events set the
 * stream state; anything else changes nothing. Deliveries that act are remembered once handed off,
 * so that Zoom's redelivery of the same event acts once, and a delivery whose hand-off failed is
 * never remembered, so that the redelivery Zoom sends after the error is handled.
 */
export async function handleZoomEvent(event: ZoomEvent, budget: TimeBudget, deps: ZoomEventDeps): Promise<EventResult> {
  const target = eventTarget(event);
  const base = { event: event.event, ...(target ? { target } : {}) };
  if (!target) return { ...base, result: 'ignored' };
  // An app subscribed for several accounts, or a token shared by mistake: not ours to act on.
  if (deps.accountId && event.accountId && event.accountId !== deps.accountId) return { ...base, result: 'ignored: another Zoom account' };
  const now = deps.clock.now();
  const at = (value: unknown) => eventTime(value) ?? new Date(event.eventTs ?? now).toISOString();

  const state = STREAM_STATE[event.event];
  if (state) {
    // Only the time is read from `live_streaming`: its stream settings hold the stream key.
    const liveStreaming = event.object.live_streaming as Record<string, unknown> | undefined;
    const since = at(liveStreaming?.date_time);
    const applied = await deps.store.setStream(target, { state, since }, budget);
    if (state === 'stopped' && applied) {
      const kept = await keepAlive(event, target, Date.parse(since), budget, deps);
      if (kept) return { ...base, result: kept };
    }
    return { ...base, result: applied ? `stream ${state}` : 'older than the known state' };
  }
  if (ENDED.has(event.event)) {
    const applied = await deps.store.setStream(target, { state: 'stopped', since: at(event.object.end_time) }, budget, true);
    return { ...base, result: applied ? 'stream stopped' : 'not known here' };
  }
  const change = CHANGED[event.event];
  if (STARTED.has(event.event) || change) {
    const registration = (await deps.store.get(target, budget))?.autoStart;
    if (!registration) return { ...base, result: 'not registered for auto-start' };
    if (change && !registration.schedule && change === 'updated') return { ...base, result: 'registered without schedule; nothing to move' };
    return once(event, budget, deps, async () => {
      // Moving a start reads the meeting from Zoom: the worker does it, so the answer never waits for Zoom.
      if (change) {
        await deps.startQueue.send(meetingChangeMessage(target, change), 0, budget);
        return { ...base, result: `meeting ${change}; handed off` };
      }
      const job = webhookJob(target, registration.settings, event, now);
      await deps.startQueue.send(startJobMessage(job), 0, budget);
      return { ...base, result: 'start handed off' };
    });
  }
  return { ...base, result: 'ignored' };
}

/** Restarts of one instance at most: a stream that keeps dropping has a cause no restart fixes. */
export const MAX_KEEP_ALIVE_RESTARTS = 3;

/**
 * An unrequested `live_streaming_stopped` of a target registered with `keepAlive`: counts a restart
 * of the instance and queues it after Zoom's 30-second rule, through the start queue as every start
 * nobody waits for, once per delivery (Zoom's redelivery of this event counts no second restart).
 * Resolves what was done, or undefined when keep-alive does not apply. The event's stream settings
 * (its key among them) are never read, stored or logged: the restart starts with the registered
 * settings.
 */
async function keepAlive(event: ZoomEvent, target: LiveStreamTarget, droppedAt: number, budget: TimeBudget, deps: ZoomEventDeps): Promise<string | undefined> {
  const record = await deps.store.get(target, budget);
  const registration = record?.autoStart;
  if (!registration?.keepAlive) return undefined;
  const instance = eventInstance(event);
  if (!instance) return 'stream stopped; not restarted (the event names no instance)';
  const startedAt = typeof event.object.start_time === 'string' ? Date.parse(event.object.start_time) : NaN;
  if (stoppedOnPurpose(record, droppedAt, Number.isFinite(startedAt) ? startedAt : undefined)) {
    return 'stream stopped through this system; not restarted';
  }
  const done = await once(event, budget, deps, async () => {
    const restart = await deps.store.countRestart(target, instance, MAX_KEEP_ALIVE_RESTARTS, budget);
    if (restart === undefined) return { event: event.event, result: `stream stopped; not restarted (${MAX_KEEP_ALIVE_RESTARTS} restarts of this instance used)` };
    const job = keepAliveJob(event, target, registration.settings, instance, restart, droppedAt, deps.clock.now());
    await deps.startQueue.send(startJobMessage(job), KEEP_ALIVE_DELAY_SECONDS, budget);
    return { event: event.event, result: `stream dropped; restart ${restart} of ${MAX_KEEP_ALIVE_RESTARTS} queued in ${KEEP_ALIVE_DELAY_SECONDS} s` };
  });
  return done.result;
}

/**
 * Acts on a delivery not handled before. While it is handed off, the delivery is held for
 * HAND_OFF_LEASE_SECONDS only, so that a duplicate arriving at the same moment is not handed off
 * twice; it is remembered for DELIVERY_MEMORY_SECONDS only once the hand-off is durable. A failure,
 * a hang or a crash before that leaves the short hold to lapse long before Zoom's first redelivery
 * (5 minutes later), which then acts. A hand-off made twice (its answer lost, the last write
 * failed) carries the same job id both times, and the worker's start claim runs it once.
 */
async function once(event: ZoomEvent, budget: TimeBudget, deps: ZoomEventDeps, act: () => Promise<EventResult>): Promise<EventResult> {
  const id = deliveryId(event);
  const now = deps.clock.now();
  const nowSeconds = Math.floor(now / 1000);
  if (!(await deps.store.rememberDelivery(id, nowSeconds + HAND_OFF_LEASE_SECONDS, now, budget))) {
    return { event: event.event, ...(eventTarget(event) ? { target: eventTarget(event) } : {}), result: 'duplicate delivery; handled before' };
  }
  let result: EventResult;
  try {
    result = await act();
  } catch (error) {
    // Released at once when it can be, so an early redelivery acts too; else the hold lapses.
    await deps.store.forgetDelivery(id, budget).catch(() => undefined);
    throw error;
  }
  try {
    await deps.store.keepDelivery(id, nowSeconds + DELIVERY_MEMORY_SECONDS, budget);
  } catch (error) {
    // The start is queued: answering an error now would only make Zoom send it again.
    logger.warn('delivery handed off but not remembered; a redelivery hands it off again and the start claim runs it once', {
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
  return result;
}
