import { RemovalPolicy, aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

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
  }
}
