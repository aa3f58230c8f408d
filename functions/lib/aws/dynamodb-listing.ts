import { QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Page, PageRequest } from '../core/listing';
import type { TimeBudget } from '../core/time-budget';
import { AWS_REQUEST_TIMEOUT_MS, awsCall } from './aws-call';

type Item = Record<string, AttributeValue>;

/** A filter on the listed items (FilterExpression), with its values. */
export interface ListingFilter {
  readonly expression: string;
  readonly values: Item;
}

/**
 * Items to read per Query when a filter drops some: enough that a page of a common state takes one
 * Query and a rare one (live among 10,000) a few; a listed item is well under 1 KB, so the read
 * stays under DynamoDB's 1 MB page.
 */
const FILTERED_READ = 1000;

/**
 * One page of a listing by Query on the listing index, newest first: `limit + 1` items are read so
 * that `next` is given only when more follow, and the cursor is the last returned item's sort key
 * (`activity < :after`), never a key DynamoDB chose. Without a filter that is one Query per page.
 */
export async function queryListing<T>(
  client: DynamoDBClient,
  tableName: string,
  listing: ListingName,
  request: PageRequest,
  toItem: (item: Item) => T | undefined,
  budget: TimeBudget,
  filter?: ListingFilter,
): Promise<Page<T>> {
  const found: { sortKey: string; item: T }[] = [];
  let startKey: Item | undefined;
  do {
    const answer = await awsCall(`listing table "${tableName}"`, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), (abortSignal) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: LISTING_INDEX,
          KeyConditionExpression: request.after === undefined ? '#listing = :listing' : '#listing = :listing AND #activity < :after',
          FilterExpression: filter?.expression,
          // DynamoDB refuses names an expression does not use.
          ExpressionAttributeNames: { '#listing': LISTING_PARTITION, ...(request.after === undefined ? {} : { '#activity': LISTING_SORT }) },
          ExpressionAttributeValues: {
            ':listing': { S: listing },
            ...(request.after === undefined ? {} : { ':after': { S: request.after } }),
            ...filter?.values,
          },
          ScanIndexForward: false,
          Limit: filter ? Math.max(FILTERED_READ, request.limit + 1) : request.limit + 1,
          ExclusiveStartKey: startKey,
          // Costs nothing and lets bench/ (and anyone reading the SDK's debug log) see the reads.
          ReturnConsumedCapacity: 'TOTAL',
        }),
        { abortSignal },
      ),
    );
    for (const raw of answer.Items ?? []) {
      const item = toItem(raw);
      const sortKey = raw[LISTING_SORT]?.S;
      if (item !== undefined && sortKey !== undefined) found.push({ sortKey, item });
      if (found.length > request.limit) break;
    }
    startKey = answer.LastEvaluatedKey;
  } while (startKey && found.length <= request.limit);
  const page = found.slice(0, request.limit);
  return { items: page.map((entry) => entry.item), ...(found.length > request.limit ? { next: page[page.length - 1]?.sortKey } : {}) };
}

/**
 * The meetings table's one secondary index, made for the operator lists: every listed item carries
 * `listing` (which list: `target` or `failure`) and `activity` (its sort key, see core/listing.ts),
 * and a Query of one `listing` newest first is a page. Items without them (deliveries, tokens) are
 * not in the index at all.
 */
export const LISTING_INDEX = 'listing-by-activity';
export const LISTING_PARTITION = 'listing';
export const LISTING_SORT = 'activity';

export type ListingName = 'target' | 'failure';
