import { RemovalPolicy, aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { LISTING_INDEX, LISTING_PARTITION, LISTING_SORT } from '../functions/lib/aws/dynamodb-listing';

/** The item attribute DynamoDB deletes expired items by (epoch seconds), set by the functions. */
export const MEETINGS_TABLE_TTL_ATTRIBUTE = 'expiresAt';

/**
 * Auto-start registrations, start claims and the shared Zoom token, one item per key `pk` (the
 * functions compose it). Kept when the stack is destroyed: registrations are the users' data, and
 * deleting them is a deliberate step of its own (a later deploy creates a new, empty table).
 */
export class MeetingsTable extends dynamodb.Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      // A handful of writes a day per meeting: on-demand costs nothing while idle.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: MEETINGS_TABLE_TTL_ATTRIBUTE,
      // Encrypted at rest with the AWS-owned key (the default): no key to pay for or to grant.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The operator lists: one Query per page, newest first (functions/lib/aws/listing-index.ts).
    // ALL: a listed item is small, and a page must not cost one GetItem per item.
    this.addGlobalSecondaryIndex({
      indexName: LISTING_INDEX,
      partitionKey: { name: LISTING_PARTITION, type: dynamodb.AttributeType.STRING },
      sortKey: { name: LISTING_SORT, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
