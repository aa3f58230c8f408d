import { TimeBudget } from '../core/time-budget';
import { jsonResponse } from '../http/http-response';
import { failureItem, liveStreamItem, pageAnswer } from '../http/operator-answers';
import { toOperatorRequest } from '../http/operator-input';
import { retryStartFailure } from '../use-cases/start-failures';
import { apiHandler } from './api-handler';
import type { OperatorDeps } from './composition-root';

/**
 * The operator function: what the system knows of every target (`GET /livestreams`), the starts
 * that failed (`GET /failures`), and a retry of one (`POST /failures/{failureId}/retry`). It never
 * calls Zoom: the retry is a job on the start queue, which the start worker runs.
 */
export function createOperatorHandler(getDeps: () => OperatorDeps) {
  return apiHandler('operator', 'operator request', async (event, remainingMs, fields) => {
    const request = toOperatorRequest(event);
    fields.operation = request.operation;
    const deps = getDeps();
    const budget = TimeBudget.forInvocation(deps.clock, remainingMs, true);
    switch (request.operation) {
      case 'list-live-streams':
        return jsonResponse(200, pageAnswer(await deps.store.list(request, budget), liveStreamItem));
      case 'list-failures':
        return jsonResponse(200, pageAnswer(await deps.failures.list(request, budget), failureItem));
      case 'retry-failure': {
        fields.failureId = request.failureId;
        const retry = await retryStartFailure(request.failureId, deps, budget);
        fields.jobId = retry.jobId;
        return jsonResponse(202, { failureId: retry.failureId, status: 'queued' });
      }
    }
  });
}
