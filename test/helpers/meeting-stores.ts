import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import type { MeetingStore } from '../../functions/lib/aws/meeting-store';
import { MemoryMeetingStore } from '../../functions/lib/aws/memory-meeting-store';
import { systemClock } from '../../functions/lib/core/clock';
import { TimeBudget } from '../../functions/lib/core/time-budget';
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

  /** A table as the stack declares it: partition key `pk` (string), on demand, TTL on `expiresAt`. */
  async function createMeetingsTable(): Promise<string> {
    const name = `meetings-${++tables}`;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
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
