import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { LISTING_INDEX, LISTING_PARTITION, LISTING_SORT } from '../../functions/lib/aws/dynamodb-listing';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { freeLoopbackPort } from './free-port';
import { MOTO_CREDENTIALS, MOTO_REGION } from './moto';

const CLI = path.resolve(__dirname, '../../node_modules/dynalite/cli.js');

export interface DynaliteServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite (DynamoDB on LevelDB, in memory) in a process of its own on a loopback port.
 * Unlike moto it evaluates a conditional write atomically with the write, as DynamoDB does, so
 * races on conditions are tested here. Its own process, so that the code under test does not share
 * an event loop with the database.
 */
export async function startDynalite(): Promise<DynaliteServer> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [CLI, '--host', '127.0.0.1', '--port', String(port), '--createTableMs', '0', '--deleteTableMs', '0', '--updateTableMs', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dynalite did not start within 15 s:\n${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited (${code}):\n${output}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A client with the functions' SDK options (AWS_CLIENT_OPTIONS), aimed at `endpoint`. */
export function dynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
}

/** The keys and indexes CreateTable takes (a template's `AWS::DynamoDB::Table` has them in this shape). */
export type MeetingsTableKeys = Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes'>;

/**
 * The meetings table's keys as infra/meetings-table.ts declares them: partition key `pk` and the
 * operator lists' index, named by functions/lib/aws/listing-index.ts.
 */
export const MEETINGS_TABLE_KEYS: MeetingsTableKeys = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: LISTING_PARTITION, AttributeType: 'S' },
    { AttributeName: LISTING_SORT, AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: LISTING_INDEX,
      KeySchema: [
        { AttributeName: LISTING_PARTITION, KeyType: 'HASH' },
        { AttributeName: LISTING_SORT, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
};

/**
 * The meetings table (on demand) with `keys`, ready for use; pass a synthesized template's own to
 * have exactly what the stack declares. dynalite has no UpdateTimeToLive: nothing here depends on
 * TTL deleting items.
 */
export async function createMeetingsTable(client: DynamoDBClient, name: string, keys: MeetingsTableKeys = MEETINGS_TABLE_KEYS): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: keys.KeySchema,
      AttributeDefinitions: keys.AttributeDefinitions,
      ...(keys.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: keys.GlobalSecondaryIndexes } : {}),
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let i = 0; i < 50; i += 1) {
    const table = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (table.Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table.Table?.TableStatus === 'ACTIVE' && indexesActive) return name;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${name} did not become ACTIVE on dynalite`);
}
