import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createMeetingsTable, dynamoDbClient } from '../../test/support/dynalite';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../../test/support/moto';

export interface FleetResources {
  readonly tableName: string;
  readonly startQueueUrl: string;
  readonly failureQueueUrl: string;
  readonly sqs: SQSClient;
}

const clientConfig = (endpoint: string) => ({ endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });

/**
 * The table and queues the stack creates, made through the real SDK on the emulator; the table on
 * dynalite instead when `dynaliteEndpoint` is given (atomic conditional writes; it has no TTL).
 */
export async function createFleetResources(endpoint: string, visibilityTimeoutS: number, dynaliteEndpoint?: string): Promise<FleetResources> {
  const sqs = new SQSClient(clientConfig(endpoint));
  const tableName = 'bench-meetings';
  if (dynaliteEndpoint) {
    const dynalite = dynamoDbClient(dynaliteEndpoint);
    await createMeetingsTable(dynalite, tableName);
    dynalite.destroy();
  } else {
    await createMotoTable(endpoint, tableName);
  }
  const failure = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-start-failures' }));
  const start = await sqs.send(
    new CreateQueueCommand({ QueueName: 'bench-start', Attributes: { VisibilityTimeout: String(visibilityTimeoutS) } }),
  );
  return { tableName, startQueueUrl: start.QueueUrl as string, failureQueueUrl: failure.QueueUrl as string, sqs };
}

async function createMotoTable(endpoint: string, tableName: string): Promise<void> {
  const dynamo = new DynamoDBClient(clientConfig(endpoint));
  await dynamo.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await dynamo.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
  dynamo.destroy();
}

/** What EventBridge Scheduler does at nine o'clock: one message per due schedule, as fast as it can. */
export async function sendDueStarts(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10));
  await Promise.all(
    batches.map((batch, b) =>
      sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((body, i) => ({ Id: `m${b}-${i}`, MessageBody: body })) })),
    ),
  );
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return {
    visible: Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(answer.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
