import { logger } from '../core/logger';
import { createJobProcessor, type MeetingTimesHooks } from './job-processor';
import type { Runtime } from './runtime';
import { servicesFromEnv, type ServiceOverrides, type Services } from './services';

const wired = new WeakMap<Runtime, Services>();

/** Remaining time given to a job run by the in-process queue (a Lambda-like budget). */
const IN_PROCESS_JOB_MS = 120_000;

/**
 * The services of a function, with the in-process start queue (no START_QUEUE_URL) consumed by a
 * start job processor of this runtime, so that hand-offs run in this process.
 */
export function wireServices(runtime: Runtime, overrides?: ServiceOverrides, hooks?: (services: Services) => MeetingTimesHooks): Services {
  // One set per container: handlers ask on every invocation.
  const known = wired.get(runtime);
  if (known) return known;
  const services = servicesFromEnv(runtime.env, runtime.clock, overrides, runtime.dynamoDb);
  wired.set(runtime, services);
  // The process's queue is consumed by the first runtime that wires it; later ones share it.
  const queue = services.inProcessQueue;
  if (queue && !queue.consumed) {
    const process = createJobProcessor(runtime, services, hooks?.(services));
    queue.consume(async (message) => (await process(message, IN_PROCESS_JOB_MS)) === 'done');
  }
  return services;
}

/**
 * Whether a hand-off outlives this invocation. Inside Lambda without START_QUEUE_URL it would not:
 * the container is frozen after the answer, so such handlers finish the work before answering.
 */
export function handOffIsDurable(runtime: Runtime, services: Services): boolean {
  if (!services.inProcessQueue || !runtime.env.AWS_LAMBDA_FUNCTION_NAME) return true;
  if (!warned) {
    warned = true;
    logger.warn('START_QUEUE_URL is not set: hand-offs run inside this invocation, which then answers later');
  }
  return false;
}
let warned = false;
