import type { Context } from 'aws-lambda';
import { InvalidRequestError } from '../core/errors';
import { logger } from '../core/logger';
import { targetAnswer } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { detectSource, isHttpSource, type HttpEvent } from '../http/http-request';
import { errorResponse, jsonResponse } from '../http/http-response';
import { claimedId } from '../http/payload';
import { toMeetingsRequest, type MeetingsRequest } from '../http/meetings-input';
import { registerAutoStart, unregisterAutoStart } from '../use-cases/auto-start';
import { configureStream } from '../use-cases/configure-stream';
import { describeLiveStream } from '../use-cases/describe-live-stream';
import { meetingTimesDeps } from './meeting-times-wiring';
import { logOutcome, logRetry } from './request-log';
import type { Runtime } from './runtime';
import type { Services } from './services';

const DEFAULT_REMAINING_MS = 30_000;

export interface MeetingsHandlerDeps {
  readonly getRuntime: () => Runtime;
  readonly getServices: (runtime: Runtime) => Services;
}

/**
 * The meetings function: auto-start registrations (`PUT`/`DELETE …/livestream/auto-start`), what
 * the system and Zoom know of a live stream (`GET …/livestream`), and its configuration in Zoom
 * (`PUT …/livestream`).
 */
export function createMeetingsHandler(deps: MeetingsHandlerDeps) {
  return async function handler(event: unknown, context?: Context) {
    const startedAt = performance.now();
    if (context) logger.addContext(context);
    const source = detectSource(event);
    let request: MeetingsRequest | undefined;
    try {
      if (!isHttpSource(source)) throw new InvalidRequestError('event: the meetings function takes API Gateway requests only');
      request = toMeetingsRequest(event as HttpEvent);
      const runtime = deps.getRuntime();
      const remaining = context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
      const budget = TimeBudget.forInvocation(runtime.clock, remaining, true);
      const body = await run(request, budget, runtime, deps.getServices(runtime));
      logOutcome('meetings request', { operation: request.operation, ...targetAnswer(request.target), durationMs: elapsed(startedAt) });
      return jsonResponse(200, body);
    } catch (error) {
      const fields = request ? { operation: request.operation, ...targetAnswer(request.target) } : { meetingId: claimedId(event) };
      logOutcome('meetings request', { ...fields, source, durationMs: elapsed(startedAt) }, error);
      if (!isHttpSource(source)) throw error;
      return errorResponse(error);
    }
  };
}

async function run(request: MeetingsRequest, budget: TimeBudget, runtime: Runtime, services: Services) {
  const id = targetAnswer(request.target);
  switch (request.operation) {
    case 'register-auto-start': {
      const deps = meetingTimesDeps(runtime, services);
      const registration = await registerAutoStart(request.target, request, budget, deps);
      const { settings, schedule } = registration.autoStart;
      return { ...id, autoStart: { settings, ...(schedule ? { schedule } : {}) }, ...(schedule ? { nextStart: registration.nextStart?.at ?? null } : {}) };
    }
    case 'unregister-auto-start':
      await unregisterAutoStart(request.target, budget, meetingTimesDeps(runtime, services));
      return { ...id, autoStart: null };
    case 'describe': {
      const { record, zoom } = await describeLiveStream(request.target, budget, { ...runtime, store: services.store, onRetry: logRetry });
      const autoStart = record?.autoStart;
      return {
        ...id,
        autoStart: autoStart ? { settings: autoStart.settings, ...(autoStart.schedule ? { schedule: true } : {}) } : null,
        stream: record?.stream ? { state: record.stream.state, since: record.stream.since } : { state: 'unknown', since: null },
        nextStart: record?.nextStart?.at ?? null,
        zoom: 'error' in zoom ? null : zoom,
        ...('error' in zoom ? { zoomError: zoom.error } : {}),
      };
    }
    case 'configure-stream': {
      const stream = await configureStream(request.target, request.config, budget, { ...runtime, onRetry: logRetry });
      return { ...id, streamConfigured: true, stream };
    }
  }
}

const elapsed = (since: number): number => Math.round(performance.now() - since);

