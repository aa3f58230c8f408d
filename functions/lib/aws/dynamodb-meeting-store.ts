import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { LiveStreamTarget } from '../core/target';
import { AWS_REQUEST_TIMEOUT_MS, awsCall } from './aws-call';
import { unlessConditionFails } from './conditional-write';
import type { TimeBudget } from '../core/time-budget';
import { claimBlocks, type ClaimRequest, type ClaimResult, type MeetingRecord, type MeetingStore, type StartClaim } from './meeting-store';
import { targetKey } from './target-key';

type Item = Record<string, AttributeValue>;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });

/**
 * The store in one DynamoDB table keyed by `pk`: one item per target (`meeting#…`, `webinar#…`)
 * whose attributes are updated one concern at a time, so a registration change never overwrites
 * stream state written by a webhook at the same moment; and one item per webhook delivery
 * (`delivery#…`) that the table's TTL (`expiresAt`) removes.
 */
export class DynamoDbMeetingStore implements MeetingStore {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async get(target: LiveStreamTarget, budget: TimeBudget): Promise<MeetingRecord | undefined> {
    const answer = await this.call('reading', budget, (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key(target), ConsistentRead: true }), { abortSignal }),
    );
    return answer.Item ? toRecord(target, answer.Item) : undefined;
  }

  async putAutoStart(target: LiveStreamTarget, autoStart: MeetingRecord['autoStart'], budget: TimeBudget): Promise<void> {
    await this.update(target, budget, 'SET autoStart = :autoStart', { ':autoStart': S(JSON.stringify(autoStart)) });
  }

  async removeAutoStart(target: LiveStreamTarget, budget: TimeBudget): Promise<MeetingRecord | undefined> {
    const old = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'REMOVE autoStart, nextStart',
          // Without it DynamoDB would create an empty item for a target it never knew.
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
        { abortSignal },
      ),
    );
    return old?.Attributes ? toRecord(target, old.Attributes) : undefined;
  }

  async setNextStart(target: LiveStreamTarget, next: MeetingRecord['nextStart'], budget: TimeBudget, lastOccurrence?: string): Promise<void> {
    const sets = [...(next ? ['nextStart = :next'] : []), ...(lastOccurrence !== undefined ? ['lastOccurrence = :last'] : [])];
    const values: Item = {
      ...(next ? { ':next': S(JSON.stringify(next)) } : {}),
      ...(lastOccurrence !== undefined ? { ':last': S(lastOccurrence) } : {}),
    };
    const expression = `${sets.length ? `SET ${sets.join(', ')}` : ''}${next ? '' : ' REMOVE nextStart'}`.trim();
    await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: expression,
          // Clearing alone must not create an empty item for a target the table never had.
          ConditionExpression: sets.length ? undefined : 'attribute_exists(pk)',
          ExpressionAttributeValues: sets.length ? values : undefined,
        }),
        { abortSignal },
      ),
    );
  }

  async setStream(target: LiveStreamTarget, stream: NonNullable<MeetingRecord['stream']>, budget: TimeBudget, knownOnly = false): Promise<boolean> {
    const applied = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'SET streamState = :state, streamSince = :since, streamSinceMs = :ms',
          // Zoom may deliver a retried older event after a newer one: the later event wins.
          ConditionExpression: `${knownOnly ? 'attribute_exists(pk) AND ' : ''}(attribute_not_exists(streamSinceMs) OR streamSinceMs <= :ms)`,
          ExpressionAttributeValues: { ':state': S(stream.state), ':since': S(stream.since), ':ms': N(Date.parse(stream.since)) },
        }),
        { abortSignal },
      ),
    );
    return applied !== undefined;
  }

  async claimStart(target: LiveStreamTarget, request: ClaimRequest, budget: TimeBudget, attempt = 1): Promise<ClaimResult> {
    const won = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'SET claimJob = :job, claimOrigin = :origin, claimState = :pending, claimAt = :now, claimLease = :lease REMOVE claimCode',
          // The negation of claimBlocks() in meeting-store.ts, evaluated atomically by DynamoDB.
          ConditionExpression:
            'attribute_not_exists(claimAt) OR claimAt < :notBefore OR (claimState = :pending AND (attribute_not_exists(claimLease) OR claimLease < :now)) OR (claimState = :failed AND claimJob = :job)',
          ExpressionAttributeValues: {
            ':job': S(request.jobId),
            ':origin': S(request.origin),
            ':pending': S('pending'),
            ':failed': S('failed'),
            ':now': N(request.now),
            ':lease': N(request.now + request.leaseMs),
            ':notBefore': N(request.notBefore),
          },
        }),
        { abortSignal },
      ),
    );
    if (won !== undefined) return { won: true };
    const claim = (await this.get(target, budget))?.startClaim;
    // Released between the two calls: try once more rather than guess.
    if ((!claim || !claimBlocks(claim, request)) && attempt < 2) return this.claimStart(target, request, budget, attempt + 1);
    return { won: false, claim: claim ?? { jobId: '', origin: 'unknown', state: 'pending', at: request.now, leaseUntil: request.now + request.leaseMs } };
  }

  async settleStart(target: LiveStreamTarget, claim: Omit<StartClaim, 'leaseUntil'>, budget: TimeBudget): Promise<void> {
    await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: claim.code
            ? 'SET claimJob = :job, claimOrigin = :origin, claimState = :state, claimAt = :at, claimCode = :code REMOVE claimLease'
            : 'SET claimJob = :job, claimOrigin = :origin, claimState = :state, claimAt = :at REMOVE claimLease, claimCode',
          ConditionExpression: claim.state === 'failed' ? 'claimJob = :job' : undefined,
          ExpressionAttributeValues: {
            ':job': S(claim.jobId),
            ':origin': S(claim.origin),
            ':state': S(claim.state),
            ':at': N(claim.at),
            ...(claim.code ? { ':code': S(claim.code) } : {}),
          },
        }),
        { abortSignal },
      ),
    );
  }

  async releaseStart(target: LiveStreamTarget, jobId: string, budget: TimeBudget): Promise<void> {
    await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'REMOVE claimJob, claimOrigin, claimState, claimAt, claimLease, claimCode',
          ConditionExpression: 'claimJob = :job',
          ExpressionAttributeValues: { ':job': S(jobId) },
        }),
        { abortSignal },
      ),
    );
  }

  async rememberDelivery(deliveryId: string, expiresAt: number, now: number, budget: TimeBudget): Promise<boolean> {
    const stored = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { pk: S(`delivery#${deliveryId}`), expiresAt: N(expiresAt) },
          // TTL deletes expired items lazily (up to days later), so an expired one counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': N(Math.floor(now / 1000)) },
        }),
        { abortSignal },
      ),
    );
    return stored !== undefined;
  }

  async keepDelivery(deliveryId: string, expiresAt: number, budget: TimeBudget): Promise<void> {
    await this.call('remembering a delivery in', budget, (abortSignal) =>
      this.client.send(new PutItemCommand({ TableName: this.tableName, Item: { pk: S(`delivery#${deliveryId}`), expiresAt: N(expiresAt) } }), { abortSignal }),
    );
  }

  async forgetDelivery(deliveryId: string, budget: TimeBudget): Promise<void> {
    await this.call('forgetting a delivery in', budget, (abortSignal) =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: { pk: S(`delivery#${deliveryId}`) } }), { abortSignal }),
    );
  }

  private async update(target: LiveStreamTarget, budget: TimeBudget, expression: string, values: Item | undefined): Promise<void> {
    await this.call('writing', budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({ TableName: this.tableName, Key: key(target), UpdateExpression: expression, ExpressionAttributeValues: values }),
        { abortSignal },
      ),
    );
  }

  /** Resolves undefined when DynamoDB refused the write's condition. */
  private conditional<T>(budget: TimeBudget, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    return this.call('writing', budget, (abortSignal) => unlessConditionFails(() => send(abortSignal)));
  }

  private call<T>(verb: string, budget: TimeBudget, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return awsCall(`${verb} table "${this.tableName}"`, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), send, (name) =>
      name === 'ResourceNotFoundException'
        ? 'it does not exist; check MEETINGS_TABLE'
        : name.startsWith('AccessDenied')
          ? `not allowed (${name}): check the function's table permissions`
          : undefined,
    );
  }
}

const key = (target: LiveStreamTarget): Item => ({ pk: S(targetKey(target)) });

function toRecord(target: LiveStreamTarget, item: Item): MeetingRecord {
  const text = (name: string): string | undefined => item[name]?.S;
  const number = (name: string): number | undefined => (item[name]?.N === undefined ? undefined : Number(item[name]?.N));
  const json = <T>(name: string): T | undefined => {
    const value = text(name);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  };
  const streamState = text('streamState');
  const streamSince = text('streamSince');
  const claimState = text('claimState');
  const claimAt = number('claimAt');
  return {
    target,
    autoStart: json('autoStart'),
    nextStart: json('nextStart'),
    lastOccurrence: text('lastOccurrence'),
    stream: (streamState === 'live' || streamState === 'stopped') && streamSince ? { state: streamState, since: streamSince } : undefined,
    startClaim:
      (claimState === 'pending' || claimState === 'done' || claimState === 'failed') && claimAt !== undefined
        ? {
            jobId: text('claimJob') ?? '',
            origin: text('claimOrigin') ?? '',
            state: claimState,
            at: claimAt,
            leaseUntil: number('claimLease'),
            code: text('claimCode'),
          }
        : undefined,
  };
}
