import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { systemClock } from '../../functions/lib/core/clock';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import { LISTING_INDEX, LISTING_PARTITION, LISTING_SORT } from '../../functions/lib/aws/dynamodb-listing';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto, type MotoServer } from '../support/moto';

/**
 * Both `MeetingStore` implementations for one test file: DynamoDB through the real SDK against a
 * moto_server of the file's own (a fresh table per store), and memory. Call in the file's top level.
 */
export function meetingStores() {
  let moto: MotoServer;
  let client: DynamoDBClient;
  let tables = 0;

  beforeAll(async () => {
    moto = await startMoto();
    client = new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  });
  afterAll(async () => {
    client.destroy();
    await moto.stop();
  });

  /** A table as the stack declares it: partition key `pk` (string), the listing index, on demand, TTL on `expiresAt`. */
  async function createMeetingsTable(): Promise<string> {
    const name = `meetings-${++tables}`;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        ...MEETINGS_TABLE_SHAPE,
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }));
    return name;
  }

  const stores: [string, () => Promise<MeetingStore>][] = [
    ['DynamoDbMeetingStore', async () => new DynamoDbMeetingStore(client, await createMeetingsTable())],
    ['MemoryMeetingStore', async () => new MemoryMeetingStore()],
  ];
  return { stores, createMeetingsTable, client: () => client };
}

export const storeBudget = (): TimeBudget => new TimeBudget(systemClock, 10_000);

/** Keys and index of the meetings table as infra/meetings-table.ts declares them (test/infra checks that side). */
export const MEETINGS_TABLE_SHAPE = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' as const },
    { AttributeName: LISTING_PARTITION, AttributeType: 'S' as const },
    { AttributeName: LISTING_SORT, AttributeType: 'S' as const },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: LISTING_INDEX,
      KeySchema: [
        { AttributeName: LISTING_PARTITION, KeyType: 'HASH' as const },
        { AttributeName: LISTING_SORT, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST' as const,
};
