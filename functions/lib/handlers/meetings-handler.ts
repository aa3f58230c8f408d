import { targetAnswer } from '../core/target';
import { TimeBudget } from '../core/time-budget';
import { jsonResponse } from '../http/http-response';
import { autoStartAnswer } from '../http/operator-answers';
import { claimedId } from '../http/payload';
import { toMeetingsRequest, type MeetingsRequest } from '../http/meetings-input';
import { registerAutoStart, unregisterAutoStart } from '../use-cases/auto-start';
import { configureStream, describeLiveStream } from '../use-cases/stream-config';
import { apiHandler } from './api-handler';
import type { MeetingsDeps } from './composition-root';

/**
 * The meetings function: auto-start registrations (`PUT`/`DELETE …/livestream/auto-start`), what
 * the system and Zoom know of a live stream (`GET …/livestream`), and its configuration in Zoom
 * (`PUT …/livestream`).
 */
export function createMeetingsHandler(getDeps: () => MeetingsDeps) {
  return apiHandler('meetings', 'meetings request', async (event, remainingMs, fields) => {
    // The id as claimed until the request is read, so that even a refused one names its meeting.
    fields.meetingId = claimedId(event);
    const request = toMeetingsRequest(event);
    delete fields.meetingId;
    Object.assign(fields, { operation: request.operation, ...targetAnswer(request.target) });
    const deps = getDeps();
    const budget = TimeBudget.forInvocation(deps.clock, remainingMs, true);
    return jsonResponse(200, await run(request, budget, deps));
  });
}

async function run(request: MeetingsRequest, budget: TimeBudget, deps: MeetingsDeps) {
  const id = targetAnswer(request.target);
  switch (request.operation) {
    case 'register-auto-start': {
      const registration = await registerAutoStart(request.target, request, budget, deps);
      const { schedule } = registration.autoStart;
      return { ...id, autoStart: autoStartAnswer(registration.autoStart), ...(schedule ? { nextStart: registration.nextStart?.at ?? null } : {}) };
    }
    case 'unregister-auto-start':
      await unregisterAutoStart(request.target, budget, deps);
      return { ...id, autoStart: null };
    case 'describe': {
      const { record, zoom } = await describeLiveStream(request.target, budget, deps);
      const autoStart = record?.autoStart;
      return {
        ...id,
        autoStart: autoStart ? autoStartAnswer(autoStart) : null,
        stream: record?.stream ? { state: record.stream.state, since: record.stream.since } : { state: 'unknown', since: null },
        nextStart: record?.nextStart?.at ?? null,
        zoom: 'error' in zoom ? null : zoom,
        ...('error' in zoom ? { zoomError: zoom.error } : {}),
      };
    }
    case 'configure-stream': {
      const stream = await configureStream(request.target, request.config, budget, deps);
      return { ...id, streamConfigured: true, stream };
    }
  }
}
