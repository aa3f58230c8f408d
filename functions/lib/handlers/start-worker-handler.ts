import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { InvalidRequestError } from '../core/errors';
import { logger, logOutcome } from '../core/logger';
import { detectSource } from '../http/http-request';
import { processStartMessage, type StartWorkerDeps } from '../use-cases/start-job';

/** Used when invoked without a Lambda context (a script, a test). */
const DEFAULT_REMAINING_MS = 60_000;

/**
 * The start worker: drains the start queue (SQS event source, partial batch responses). Every
 * record runs as its own start job; only the records that may still succeed are reported back to
 * be delivered again.
 */
export function createStartWorkerHandler(getDeps: () => StartWorkerDeps) {
  return async function handler(event: unknown, context?: Context): Promise<SQSBatchResponse> {
    if (context) logger.addContext(context);
    if (detectSource(event) !== 'sqs') {
      const error = new InvalidRequestError('event: the start worker takes SQS events from the start queue only');
      logOutcome('start job', {}, error);
      throw error;
    }
    const records = (event as { Records: SQSRecord[] }).Records;
    const remaining = () => context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS;
    const results = await Promise.all(
      records.map(async (record) => {
        const message = {
          id: record.messageId,
          body: record.body,
          sentAt: Number(record.attributes?.SentTimestamp) || Date.now(),
          receiveCount: Number(record.attributes?.ApproximateReceiveCount) || 1,
        };
        const result = await processStartMessage(message, remaining(), getDeps()).catch(() => 'retry' as const);
        return { id: record.messageId, result };
      }),
    );
    return { batchItemFailures: results.filter((r) => r.result === 'retry').map((r) => ({ itemIdentifier: r.id })) };
  };
}
