import type { Clock } from '../core/clock';
import { TimeBudget } from '../core/time-budget';
import { jsonResponse } from '../http/http-response';
import { failureItem, liveStreamItem, pageAnswer } from '../http/operator-answers';
import { toOperatorRequest } from '../http/operator-input';
import { retryStartFailure } from '../use-cases/start-failures';
import { apiHandler } from './api-handler';
import type { Services } from './services';

export interface OperatorHandlerDeps {
  readonly clock: Clock;
  readonly getServices: () => Services;
}

/**
 * The operator function: what the system knows of every target (`GET /livestreams`), the starts
 * that failed (`GET /failures`), and a retry of one (`POST /failures/{failureId}/retry`). It never
 * calls Zoom: the retry is a job on the start queue, which the start worker runs.
 */
export function createOperatorHandler(deps: OperatorHandlerDeps) {
  return apiHandler('operator', 'operator request', async (event, remainingMs, fields) => {
    const request = toOperatorRequest(event);
    fields.operation = request.operation;
    const budget = TimeBudget.forInvocation(deps.clock, remainingMs, true);
    const services = deps.getServices();
    switch (request.operation) {
      case 'list-live-streams':
        return jsonResponse(200, pageAnswer(await services.store.list(request, budget), liveStreamItem));
      case 'list-failures':
        return jsonResponse(200, pageAnswer(await services.failures.list(request, budget), failureItem));
      case 'retry-failure': {
        fields.failureId = request.failureId;
        const retry = await retryStartFailure(request.failureId, { ...services, clock: deps.clock }, budget);
        fields.jobId = retry.jobId;
        return jsonResponse(202, { failureId: retry.failureId, status: 'queued' });
      }
    }
  });
}
