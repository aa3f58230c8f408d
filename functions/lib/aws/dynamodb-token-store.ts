import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SharedToken, SharedTokenState, SharedTokenStore } from '../zoom/fleet-token';
import { awsCall, unlessConditionFails } from './aws-call';

/** A stored token is dropped by the table's TTL a day after it expired. */
const KEEP_AFTER_EXPIRY_S = 24 * 3600;

/**
 * The fleet's Zoom token in the meetings table, one item per Server-to-Server app (`token#…`):
 * the sealed token, its fingerprint and expiry, and the lease of the container renewing it.
 */
export class DynamoDbTokenStore implements SharedTokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  async read(key: string, timeoutMs: number): Promise<SharedTokenState> {
    const answer = await this.call('reading the shared token in', timeoutMs, (abortSignal) =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true }), { abortSignal }),
    );
    const item = answer.Item;
    const ciphertext = item?.ciphertext?.S;
    const fingerprint = item?.fingerprint?.S;
    const expiresAt = Number(item?.tokenExpiresAt?.N);
    const leaseUntil = item?.leaseUntil?.N === undefined ? undefined : Number(item.leaseUntil.N);
    return {
      ...(ciphertext && fingerprint && Number.isFinite(expiresAt) ? { token: { ciphertext, fingerprint, expiresAt } } : {}),
      ...(leaseUntil !== undefined ? { leaseUntil } : {}),
    };
  }

  async lease(key: string, request: { owner: string; now: number; leaseMs: number; replacing?: string }, timeoutMs: number): Promise<boolean> {
    const leased = await this.call('leasing the shared token in', timeoutMs, (abortSignal) =>
      unlessConditionFails(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: key } },
            UpdateExpression: 'SET leaseUntil = :until, leaseOwner = :owner',
            ConditionExpression: `(attribute_not_exists(leaseUntil) OR leaseUntil < :now) AND ${
              request.replacing === undefined ? 'attribute_not_exists(fingerprint)' : 'fingerprint = :replacing'
            }`,
            ExpressionAttributeValues: {
              ':until': { N: String(request.now + request.leaseMs) },
              ':owner': { S: request.owner },
              ':now': { N: String(request.now) },
              ...(request.replacing === undefined ? {} : { ':replacing': { S: request.replacing } }),
            },
          }),
          { abortSignal },
        ),
      ),
    );
    return leased !== undefined;
  }

  async publish(key: string, token: SharedToken, timeoutMs: number): Promise<void> {
    await this.call('storing the shared token in', timeoutMs, (abortSignal) =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key } },
          UpdateExpression: 'SET ciphertext = :ciphertext, fingerprint = :fingerprint, tokenExpiresAt = :expiresAt, expiresAt = :ttl REMOVE leaseUntil, leaseOwner',
          ExpressionAttributeValues: {
            ':ciphertext': { S: token.ciphertext },
            ':fingerprint': { S: token.fingerprint },
            ':expiresAt': { N: String(token.expiresAt) },
            ':ttl': { N: String(Math.floor(token.expiresAt / 1000) + KEEP_AFTER_EXPIRY_S) },
          },
        }),
        { abortSignal },
      ),
    );
  }

  private call<T>(what: string, timeoutMs: number, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return awsCall(`${what} table "${this.tableName}"`, timeoutMs, send);
  }
}
