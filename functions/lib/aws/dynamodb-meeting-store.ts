import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { LiveStreamTarget } from '../core/target';
import { AWS_REQUEST_TIMEOUT_MS, awsCall, unlessConditionFails } from './aws-call';
import type { TimeBudget } from '../core/time-budget';
import { sortKey, type Page } from '../core/listing';
import { queryListing, LISTING_PARTITION, LISTING_SORT, type ListingFilter } from './dynamodb-listing';
import { claimBlocks, targetKey, type ClaimRequest, type ClaimResult, type ListState, type MeetingRecord, type StartClaim } from '../core/meeting-record';
import type { ListRequest, MeetingStore } from '../use-cases/ports';

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
    await this.update(target, budget, `SET autoStart = :autoStart, ${ACTIVITY_SET}`, {
      ':autoStart': S(JSON.stringify(autoStart)),
      ...activityValues(target, Date.parse(autoStart?.registeredAt ?? '')),
    });
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
          UpdateExpression: `SET streamState = :state, streamSince = :since, streamSinceMs = :ms, ${ACTIVITY_SET}`,
          // Zoom may deliver a retried older event after a newer one: the later event wins.
          ConditionExpression: `${knownOnly ? 'attribute_exists(pk) AND ' : ''}(attribute_not_exists(streamSinceMs) OR streamSinceMs <= :ms)`,
          ExpressionAttributeValues: {
            ':state': S(stream.state),
            ':since': S(stream.since),
            ':ms': N(Date.parse(stream.since)),
            ...activityValues(target, Date.parse(stream.since)),
          },
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
          UpdateExpression: `SET claimJob = :job, claimOrigin = :origin, claimState = :pending, claimAt = :now, claimLease = :lease, ${ACTIVITY_SET}${
            request.instance !== undefined ? ', claimInstance = :instance REMOVE claimCode' : ' REMOVE claimCode, claimInstance'
          }`,
          // The negation of claimBlocks() in core/meeting-record.ts, evaluated atomically by DynamoDB.
          ConditionExpression:
            request.instance !== undefined
              ? 'attribute_not_exists(claimAt) OR (attribute_exists(claimInstance) AND claimInstance <> :instance) OR (attribute_not_exists(claimInstance) AND claimAt < :notBefore) OR (claimState = :pending AND (attribute_not_exists(claimLease) OR claimLease < :now)) OR (claimState = :failed AND claimJob = :job)'
              : 'attribute_not_exists(claimAt) OR claimAt < :notBefore OR (claimState = :pending AND (attribute_not_exists(claimLease) OR claimLease < :now)) OR (claimState = :failed AND claimJob = :job)',
          ExpressionAttributeValues: {
            ...(request.instance !== undefined ? { ':instance': S(request.instance) } : {}),
            ':job': S(request.jobId),
            ':origin': S(request.origin),
            ':pending': S('pending'),
            ':failed': S('failed'),
            ':now': N(request.now),
            ':lease': N(request.now + request.leaseMs),
            ':notBefore': N(request.notBefore),
            ...activityValues(target, request.now),
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
          UpdateExpression: `SET ${[
            'claimJob = :job, claimOrigin = :origin, claimState = :state, claimAt = :at',
            ...(claim.code ? ['claimCode = :code'] : []),
            ...(claim.instance !== undefined ? ['claimInstance = :instance'] : []),
            ACTIVITY_SET,
          ].join(', ')} REMOVE ${['claimLease', ...(claim.code ? [] : ['claimCode']), ...(claim.instance !== undefined ? [] : ['claimInstance'])].join(', ')}`,
          ConditionExpression: claim.state === 'failed' ? 'claimJob = :job' : undefined,
          ExpressionAttributeValues: {
            ':job': S(claim.jobId),
            ':origin': S(claim.origin),
            ':state': S(claim.state),
            ':at': N(claim.at),
            ...(claim.code ? { ':code': S(claim.code) } : {}),
            ...(claim.instance !== undefined ? { ':instance': S(claim.instance) } : {}),
            ...activityValues(target, claim.at),
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
          UpdateExpression: 'REMOVE claimJob, claimOrigin, claimState, claimAt, claimLease, claimCode, claimInstance',
          ConditionExpression: 'claimJob = :job',
          ExpressionAttributeValues: { ':job': S(jobId) },
        }),
        { abortSignal },
      ),
    );
  }

  async noteStop(target: LiveStreamTarget, at: string, budget: TimeBudget): Promise<void> {
    await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'SET stoppedAt = :at',
          // A stop of a meeting the system never knew has no keep-alive to end: no item for it.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': S(at) },
        }),
        { abortSignal },
      ),
    );
  }

  async countRestart(target: LiveStreamTarget, instance: string, max: number, budget: TimeBudget): Promise<number | undefined> {
    const values = { ':instance': S(instance), ':one': N(1) };
    // A new instance starts counting from one…
    const first = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'SET keepAliveInstance = :instance, keepAliveRestarts = :one',
          ConditionExpression: 'attribute_not_exists(keepAliveInstance) OR keepAliveInstance <> :instance',
          ExpressionAttributeValues: values,
        }),
        { abortSignal },
      ),
    );
    if (first !== undefined) return 1;
    // …the same one adds one, up to max.
    const next = await this.conditional(budget, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key(target),
          UpdateExpression: 'SET keepAliveRestarts = keepAliveRestarts + :one',
          ConditionExpression: 'keepAliveInstance = :instance AND keepAliveRestarts < :max',
          ExpressionAttributeValues: { ...values, ':max': N(max) },
          ReturnValues: 'UPDATED_NEW',
        }),
        { abortSignal },
      ),
    );
    const count = next?.Attributes?.keepAliveRestarts?.N;
    return count === undefined ? undefined : Number(count);
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

  list(request: ListRequest, budget: TimeBudget): Promise<Page<MeetingRecord>> {
    return queryListing(this.client, this.tableName, 'target', request, recordOfItem, budget, request.state ? STATE_FILTERS[request.state] : undefined);
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

/** Every write that is activity puts the item in the listing index at its time (see dynamodb-listing.ts). */
const ACTIVITY_SET = `${LISTING_PARTITION} = :listing, ${LISTING_SORT} = :activity`;
const activityValues = (target: LiveStreamTarget, at: number): Item => ({
  ':listing': S('target'),
  ':activity': S(sortKey(Number.isFinite(at) ? at : 0, targetKey(target))),
});

/** inListState() of core/meeting-record.ts, as filter expressions on the item's attributes. */
const STATE_FILTERS: Readonly<Record<ListState, ListingFilter>> = {
  live: { expression: 'streamState = :live', values: { ':live': S('live') } },
  armed: { expression: 'attribute_exists(nextStart)', values: {} },
  failed: { expression: 'claimState = :failed', values: { ':failed': S('failed') } },
  registered: { expression: 'attribute_exists(autoStart)', values: {} },
};

function recordOfItem(item: Item): MeetingRecord | undefined {
  const [kind, id] = (item.pk?.S ?? '').split('#');
  if ((kind !== 'meeting' && kind !== 'webinar') || !id) return undefined;
  return toRecord({ kind, id }, item);
}

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
  const keepAliveInstance = text('keepAliveInstance');
  const stoppedAt = text('stoppedAt');
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
            instance: text('claimInstance'),
          }
        : undefined,
    ...(stoppedAt ? { stoppedAt } : {}),
    ...(keepAliveInstance ? { keepAlive: { instance: keepAliveInstance, restarts: number('keepAliveRestarts') ?? 0 } } : {}),
  };
}
