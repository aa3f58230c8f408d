import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { MemoryTokenStore } from '../support/memory-token-store';
import type { SharedTokenStore } from '../../functions/lib/zoom/fleet-token';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';
import { context, freshHandler, loadEvent, startBackends, type Backends } from '../helpers/backends';

/**
 * One Zoom token for the fleet: containers (each its own runtime, with its own caches) share the
 * current token through the meetings table, sealed, and at most one of them exchanges a new one,
 * also when Zoom refuses the shared token while many of them are starting streams.
 */
let backends: Backends;
let dynamo: DynamoDBClient;
let table: string;
let tables = 0;
let meeting = 84_000_000_000;

beforeAll(async () => {
  backends = await startBackends();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = backends.moto.endpoint;
  dynamo = new DynamoDBClient({ endpoint: backends.moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  dynamo.destroy();
  await backends.close();
});
beforeEach(async () => {
  backends.zoom.reset();
  table = `meetings-token-${++tables}`;
  await dynamo.send(
    new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }),
  );
});

/**
 * A container of its own: fresh caches, reading the secret and the table through the SDK. Tests
 * where containers race share a store in memory instead: moto's conditional writes are not atomic
 * under concurrent requests (DynamoDB's are), which would make a lost race here the emulator's.
 */
function container(env: Record<string, string> = {}, sharedTokens?: SharedTokenStore) {
  const { handler, counts } = freshHandler('start', { ...backends.env, MEETINGS_TABLE: table, ...env }, sharedTokens ? { sharedTokens } : {});
  return { counts, start: handler };
}

/** An HTTP start of a meeting nobody started before (Zoom's 30-second rule is per meeting). */
async function startAMeeting(start: ReturnType<typeof container>['start']): Promise<number> {
  const id = String((meeting += 1));
  backends.zoom.addMeeting(id);
  const event = loadEvent('start-apigateway-rest.json');
  event.path = `/meetings/${id}/livestream/start`;
  event.pathParameters = { meetingId: id };
  const response = (await start(event, context())) as { statusCode: number };
  return response.statusCode;
}

it('lets a second container start with the token the first one exchanged', async () => {
  const first = container();
  const second = container();

  expect(await startAMeeting(first.start)).toBe(200);
  expect(await startAMeeting(second.start)).toBe(200);

  expect(backends.zoom.tokenExchanges).toBe(1);
  expect([first.counts.tokenExchanges, second.counts.tokenExchanges]).toEqual([1, 0]);
});

it('exchanges one token when many cold containers start at once', async () => {
  const shared = new MemoryTokenStore();
  const fleet = Array.from({ length: 6 }, () => container({}, shared));

  const statuses = await Promise.all(fleet.map((member) => startAMeeting(member.start)));

  expect(statuses).toEqual(fleet.map(() => 200));
  expect(backends.zoom.tokenExchanges).toBe(1);
});

it('replaces a shared token Zoom refuses once, for every container that meets the refusal', async () => {
  const shared = new MemoryTokenStore();
  const fleet = Array.from({ length: 5 }, () => container({}, shared));
  for (const member of fleet) await startAMeeting(member.start);
  backends.zoom.revokeTokens();
  const before = backends.zoom.tokenExchanges;

  const statuses = await Promise.all(fleet.map((member) => startAMeeting(member.start)));

  expect(statuses).toEqual(fleet.map(() => 200));
  expect(backends.zoom.tokenExchanges - before).toBe(1);
});

it('replaces a refused token in the table once, for the containers that meet the refusal one after another', async () => {
  const fleet = Array.from({ length: 3 }, () => container());
  for (const member of fleet) await startAMeeting(member.start);
  backends.zoom.revokeTokens();
  const before = backends.zoom.tokenExchanges;

  for (const member of fleet) expect(await startAMeeting(member.start)).toBe(200);

  expect(backends.zoom.tokenExchanges - before).toBe(1);
});

it('stores the token sealed: the table holds its fingerprint, never the token', async () => {
  await startAMeeting(container().start);
  const tokenUsed = backends.zoom.tokenRequests.length === 1;

  const items = (await dynamo.send(new ScanCommand({ TableName: table }))).Items ?? [];
  const tokenItems = items.filter((item) => item.pk?.S?.startsWith('token#'));

  expect(tokenUsed).toBe(true);
  expect(tokenItems).toHaveLength(1);
  expect(tokenItems[0]).toMatchObject({ ciphertext: { S: expect.any(String) }, fingerprint: { S: expect.stringMatching(/^[0-9a-f]{32}$/) } });
  // The simulator's tokens begin with sim_; a sealed one shows nothing of it.
  expect(JSON.stringify(tokenItems)).not.toContain('sim_');
  expect(Buffer.from(tokenItems[0]?.ciphertext?.S ?? '', 'base64').toString('latin1')).not.toContain('sim_');
});

it('starts streams with a token of its own when the table cannot be used', async () => {
  const member = container({ MEETINGS_TABLE: 'no-such-table' });

  expect(await startAMeeting(member.start)).toBe(200);
  expect(member.counts.tokenExchanges).toBe(1);
});
