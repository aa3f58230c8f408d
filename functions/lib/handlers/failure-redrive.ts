import { retryJob, startFailure } from '../core/start-failure';
import { startJobMessage } from '../core/start-job';
import { parseQueueMessage } from '../http/start-job-message';

/**
 * What a message parked in the start failure queue becomes when redriven: a start job is retried
 * as a new job (origin `retry`, a fresh window, its settings; a parked job's window has passed);
 * a meeting change goes back as it was. A body that is no message of the start queue at all stays
 * parked (undefined): sending it again would only park it again.
 */
export function redrivenMessage(body: string, meta: { messageId: string; sentAt: number }, now: number, jobId: string): { body: string; failureId?: string } | undefined {
  let parsed;
  try {
    parsed = parseQueueMessage(body, meta);
  } catch {
    return undefined;
  }
  if (parsed.kind === 'change') return { body };
  const failure = startFailure(parsed.job, { code: 'REDRIVE', message: 'redriven from the start failure queue' }, now, 0);
  return { body: startJobMessage(retryJob(failure, jobId, now)), failureId: failure.failureId };
}
