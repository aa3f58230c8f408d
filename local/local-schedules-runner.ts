import type { Clock } from '../functions/lib/core/clock';
import { TimeBudget } from '../functions/lib/core/time-budget';
import type { StartQueue } from '../functions/lib/use-cases/ports';
import { schedulePayload, type ScheduleAction, type ScheduleEntry } from '../infra/schedule-config';
import { nextFireTimes } from '../infra/schedule-times';
import { lambdaContext } from './lambda-context';
import type { LocalHandler } from './local-api';

const DAY_MS = 24 * 3600 * 1000;

/** What firing a schedule did: a start queued for the start worker, or the stop function's answer. */
export type Fired =
  | { readonly action: 'start'; readonly payload: unknown; readonly queued: true }
  | { readonly action: 'stop'; readonly payload: unknown; readonly result: unknown };

export interface ScheduleDelivery {
  readonly startQueue: StartQueue;
  readonly stop: LocalHandler;
  readonly clock: Clock;
}

/**
 * Delivers a configured schedule's payload as the stack's schedules do: a start to the start queue
 * (the start worker waits for the meeting within its window), a stop to the stop function.
 */
export async function fireSchedule(entry: ScheduleEntry, action: ScheduleAction, delivery: ScheduleDelivery): Promise<Fired> {
  const payload = schedulePayload(entry, action);
  if (action === 'start') {
    await delivery.startQueue.send(JSON.stringify(payload), 0, new TimeBudget(delivery.clock, 10_000));
    return { action, payload, queued: true };
  }
  try {
    return { action, payload, result: await delivery.stop(payload, lambdaContext('local-stop')) };
  } catch (error) {
    // In AWS this throw makes Lambda retry twice, then hands the payload to the failure queue.
    const failure = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
    return { action, payload, result: { failed: failure } };
  }
}

/**
 * `npm start`'s EventBridge Scheduler: each configured schedule fires at its times (in its time
 * zone) for as long as the process runs. Resolves a function that stops every timer.
 */
export function runSchedules(
  entries: readonly ScheduleEntry[],
  delivery: ScheduleDelivery,
  onFired: (entry: ScheduleEntry, action: ScheduleAction, outcome: Fired | Error) => void,
): () => void {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  // Real timers, cleared on stop: a schedule a week away must not keep a closing process alive.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const loop = async (entry: ScheduleEntry, action: ScheduleAction) => {
    for (;;) {
      const [next] = nextFireTimes(entry, action, new Date(delivery.clock.now()), 1);
      if (!next) return;
      // Node's timers cannot wait longer than about 24.8 days at once.
      while (!stopped && delivery.clock.now() < next.getTime()) await wait(Math.min(next.getTime() - delivery.clock.now(), DAY_MS));
      if (stopped) return;
      onFired(entry, action, await fireSchedule(entry, action, delivery).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      // One firing per fire time, however quickly the delivery returned.
      if (delivery.clock.now() <= next.getTime()) await wait(next.getTime() + 1 - delivery.clock.now());
      if (stopped) return;
    }
  };
  for (const entry of entries) {
    void loop(entry, 'start');
    if (entry.stop !== undefined) void loop(entry, 'stop');
  }
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
