import { readWiringConfig } from '../core/config';
import { createSchedulerClient, EventBridgeStartScheduler } from '../aws/eventbridge-start-scheduler';
import type { StartScheduler } from '../use-cases/ports';
import { TimerStartScheduler } from '../memory/timer-start-scheduler';
import type { StartJob } from '../core/start-job';
import type { TimeBudget } from '../core/time-budget';
import { meetingChanged, rearmBefore } from '../use-cases/auto-start';
import type { MeetingTimesHooks } from './job-processor';
import type { MeetingTimesDeps } from '../use-cases/meeting-times';
import { logRetry } from '../core/logger';
import type { Runtime } from './runtime';
import type { Services } from './services';

const schedulers = new WeakMap<Services, StartScheduler>();

/**
 * Where starts at Zoom's times are armed: the stack's schedule group (SCHEDULE_* variables), or
 * timers in this process. One per set of services, so a timer and the queue it feeds belong together.
 */
export function schedulerFor(runtime: Runtime, services: Services, override?: StartScheduler): StartScheduler {
  let scheduler = override ?? schedulers.get(services);
  if (!scheduler) {
    const wiring = readWiringConfig(runtime.env).scheduler;
    scheduler = wiring ? new EventBridgeStartScheduler(createSchedulerClient(), wiring) : new TimerStartScheduler(runtime.clock, services.startQueue);
  }
  schedulers.set(services, scheduler);
  return scheduler;
}

export function meetingTimesDeps(runtime: Runtime, services: Services): MeetingTimesDeps {
  return { ...runtime, store: services.store, scheduler: schedulerFor(runtime, services), onRetry: logRetry };
}

/** The start worker's meeting-time steps: re-arm when a meeting-time start fires, move or remove on a change. */
export const meetingTimesHooks =
  (runtime: Runtime) =>
  (services: Services): MeetingTimesHooks => ({
    beforeStart: (job: StartJob, budget: TimeBudget) => rearmBefore(job, budget, meetingTimesDeps(runtime, services)),
    changed: (target, change, budget) => meetingChanged(target, change, budget, meetingTimesDeps(runtime, services)),
  });
