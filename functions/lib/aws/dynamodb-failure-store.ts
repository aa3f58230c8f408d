import { GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sortKey, type Page, type PageRequest } from '../core/listing';
import { FAILURE_RETENTION_DAYS, type FailureRetry, type StartFailure } from '../core/start-failure';
import type { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS, awsCall, unlessConditionFails } from './aws-call';
import { queryListing, LISTING_PARTITION, LISTING_SORT } from './dynamodb-listing';
import type { FailureStore } from '../use-cases/ports';

type Item = Record<string, AttributeValue>;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });
const failureKey = (failureId: string): string => `failure#${failureId}`;

/**
 * Failures in the meetings table, one `failure#…` item each: the record as JSON (written once,
 * never changed), the retry beside it (the one thing that changes), in the listing index under
 * `failure`, and removed by the table's TTL after FAILURE_RETENTION_DAYS.
 */
export class DynamoDbFailureStore implements FailureStore {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async record(failure: StartFailure, budget: TimeBudget): Promise<boolean> {
    const { retry: _retry, ...record } = failure;
    const key = failureKey(failure.failureId);
    const stored = await this.call(budget, (abortSignal) =>
      unlessConditionFails(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              pk: S(key),
              failure: S(JSON.stringify(record)),
              [LISTING_PARTITION]: S('failure'),
              [LISTING_SORT]: S(sortKey(failure.failedAt, key)),
              expiresAt: N(Math.floor(failure.failedAt / 1000) + FAILURE_RETENTION_DAYS * 86_400),
            },
            // A second delivery of the same failing job: recorded (and notified) once.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
          { abortSignal },
        ),
      ),
    );
    return stored !== undefined;
  }

  async get(failureId: string, budget: TimeBudget): Promise<StartFailure | undefined> {
    const answer = await this.call(budget, (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: S(failureKey(failureId)) }, ConsistentRead: true }), { abortSignal }),
    );
    return answer.Item ? failureOfItem(answer.Item) : undefined;
  }

  async setRetry(failureId: string, retry: FailureRetry, previous: string | undefined, budget: TimeBudget): Promise<boolean> {
    const updated = await this.call(budget, (abortSignal) =>
      unlessConditionFails(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(failureKey(failureId)) },
            UpdateExpression: 'SET retryJob = :job, retryAt = :at, retryEnds = :ends',
            // Two operators pressing Retry at once: one retry is queued, the other answered 409.
            ConditionExpression: previous === undefined ? 'attribute_exists(pk) AND attribute_not_exists(retryJob)' : 'retryJob = :previous',
            ExpressionAttributeValues: {
              ':job': S(retry.jobId),
              ':at': N(retry.at),
              ':ends': N(retry.windowEndsAt),
              ...(previous === undefined ? {} : { ':previous': S(previous) }),
            },
          }),
          { abortSignal },
        ),
      ),
    );
    return updated !== undefined;
  }

  list(request: PageRequest, budget: TimeBudget): Promise<Page<StartFailure>> {
    return queryListing(this.client, this.tableName, 'failure', request, failureOfItem, budget);
  }

  private call<T>(budget: TimeBudget, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return awsCall(`failures in table "${this.tableName}"`, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), send, (name) =>
      name === 'ResourceNotFoundException' ? 'it does not exist; check MEETINGS_TABLE' : undefined,
    );
  }
}

function failureOfItem(item: Item): StartFailure | undefined {
  const json = item.failure?.S;
  if (json === undefined) return undefined;
  const failure = JSON.parse(json) as StartFailure;
  const jobId = item.retryJob?.S;
  return jobId === undefined ? failure : { ...failure, retry: { jobId, at: Number(item.retryAt?.N), windowEndsAt: Number(item.retryEnds?.N) } };
}
