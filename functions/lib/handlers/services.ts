import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../core/clock';
import { readWiringConfig } from '../core/config';
import { createDynamoDbClient } from '../aws/aws-call';
import { DynamoDbFailureStore } from '../aws/dynamodb-failure-store';
import { DynamoDbMeetingStore } from '../aws/dynamodb-meeting-store';
import type { FailureNotifier } from '../use-cases/ports';
import type { FailureStore } from '../use-cases/ports';
import { MemoryFailureStore } from '../memory/memory-failure-store';
import { InProcessFailureQueue, InProcessStartQueue } from '../../../local/in-process-queue';
import type { MeetingStore } from '../use-cases/ports';
import { MemoryMeetingStore } from '../memory/memory-meeting-store';
import { createSqsClient, SqsFailureQueue, SqsStartQueue } from '../aws/sqs-queues';
import type { FailureQueue, StartQueue } from '../use-cases/ports';
import { logger } from '../core/logger';

type Env = Readonly<Record<string, string | undefined>>;

/** The stores and queues a function uses besides Zoom; tests and `npm start` pass their own. */
export interface Services {
  readonly store: MeetingStore;
  readonly startQueue: StartQueue;
  readonly failureQueue: FailureQueue;
  /** Start failures for the operator: the meetings table (`failure#…` items) or memory. */
  readonly failures: FailureStore;
  /**
   * Announces each new failure (the start worker's FAILURE_TOPIC_ARN). Only the function that
   * records failures has one: its entry file passes it, so no other bundle carries the SNS client.
   */
  readonly notifier?: FailureNotifier;
  /** Present when jobs run in this process (no START_QUEUE_URL): it must be given a consumer. */
  readonly inProcessQueue?: InProcessStartQueue;
}

export type ServiceOverrides = Partial<Omit<Services, 'inProcessQueue'>>;

/*
 * Without the stack's resources, one store and one queue per process, shared by every function
 * running in it, so that a registration made through one handler is seen by the webhook handler.
 */
let processStore: MemoryMeetingStore | undefined;
let processQueue: InProcessStartQueue | undefined;
let processFailures: InProcessFailureQueue | undefined;
let processFailureStore: MemoryFailureStore | undefined;

/** `dynamoDb`: the container's client, when its runtime has one already (see runtime.ts). */
export function servicesFromEnv(env: Env, clock: Clock, overrides: ServiceOverrides = {}, dynamoDb?: DynamoDBClient): Services {
  const wiring = readWiringConfig(env);
  // One client for the store and the failures, whoever built it.
  const table = wiring.meetingsTable ? { client: dynamoDb ?? createDynamoDbClient(), name: wiring.meetingsTable } : undefined;
  const store = overrides.store ?? (table ? new DynamoDbMeetingStore(table.client, table.name) : (processStore ??= new MemoryMeetingStore()));
  const sqs = wiring.startQueueUrl || wiring.failureQueueUrl ? createSqsClient() : undefined;
  let inProcessQueue = overrides.startQueue instanceof InProcessStartQueue ? overrides.startQueue : undefined;
  let startQueue = overrides.startQueue;
  if (!startQueue) {
    if (sqs && wiring.startQueueUrl) startQueue = new SqsStartQueue(sqs, wiring.startQueueUrl);
    else startQueue = inProcessQueue = processQueue ??= new InProcessStartQueue({ clock });
  }
  const failureQueue =
    overrides.failureQueue ??
    (sqs && wiring.failureQueueUrl
      ? new SqsFailureQueue(sqs, wiring.failureQueueUrl)
      : (processFailures ??= new InProcessFailureQueue((entry) => logger.error('start job failed for good', { code: entry.code, errorMessage: entry.message }))));
  const failures =
    overrides.failures ??
    (table ? new DynamoDbFailureStore(table.client, table.name) : (processFailureStore ??= new MemoryFailureStore()));
  return { store, startQueue, failureQueue, failures, ...(overrides.notifier ? { notifier: overrides.notifier } : {}), inProcessQueue };
}
