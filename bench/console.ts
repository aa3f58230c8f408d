/**
 * The operator console, run with `npm run bench:console`:
 * 1. `GET /livestreams` with BENCH_MEETINGS (default 10,000) registered meetings in DynamoDB on
 *    moto_server, through the operator handler and the real SDK: DynamoDB calls, Query count, read
 *    capacity (ReturnConsumedCapacity) and latency per page of 50, walking every page; also a
 *    filtered list (state=live, 1 in 100 live). Goal: one Query per unfiltered page, no Scan.
 * 2. The console's first load under `npm start` in headless Chromium on loopback: bytes
 *    transferred and time from navigation to the first lists rendered. Goal: < 100 KiB, < 500 ms.
 */
import { DynamoDBClient, CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AWS_CLIENT_OPTIONS } from '../functions/lib/aws/aws-call';
import { DynamoDbFailureStore } from '../functions/lib/aws/dynamodb-failure-store';
import { DynamoDbMeetingStore } from '../functions/lib/aws/dynamodb-meeting-store';
import { InProcessFailureQueue, InProcessStartQueue } from '../local/in-process-queue';
import { systemClock } from '../functions/lib/core/clock';
import { logger } from '../functions/lib/core/logger';
import { TimeBudget } from '../functions/lib/core/time-budget';
import { lazy, operatorDeps } from '../functions/lib/handlers/composition-root';
import { createOperatorHandler } from '../functions/lib/handlers/operator-handler';
import { lambdaContext } from '../local/lambda-context';
import { startLocalSystem } from '../local/local-system';
import { launchChromium } from '../test/browser/chromium';
import { seedConsoleDemo } from '../test/browser/console-demo';
import { MEETINGS_TABLE_SHAPE } from '../test/helpers/meeting-stores';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from '../test/support/moto';
import { median, percentile, timed } from './stats';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 10_000);
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const TABLE = 'bench-console';
logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Calls {
  commands: string[];
  /** What moto reports (it answers 1 unit per Query, whatever was read). */
  capacity: number;
  /** Bytes of the items read, as DynamoDB sizes them roughly (names plus values). */
  itemBytes: number;
}

/** DynamoDB's read units of an eventually consistent Query: 4 KB per unit, half a unit each. */
const estimatedReadUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 4096)) / 2;

async function listingBench(): Promise<void> {
  const moto = await startMoto();
  const client = new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  const calls: Calls = { commands: [], capacity: 0, itemBytes: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.commands.push(context.commandName ?? 'unknown');
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number }; Items?: Record<string, Record<string, string>>[]; ScannedCount?: number };
      calls.capacity += output.ConsumedCapacity?.CapacityUnits ?? 0;
      let bytes = 0;
      for (const item of output.Items ?? []) {
        for (const [name, value] of Object.entries(item)) bytes += name.length + String(Object.values(value)[0]).length;
      }
      // A filter is charged for every item read before it, not only those it returns.
      const returned = output.Items?.length ?? 0;
      calls.itemBytes += returned ? (bytes / returned) * (output.ScannedCount ?? returned) : 0;
      return result;
    },
    { step: 'initialize', name: 'countCalls' },
  );
  try {
    await client.send(new CreateTableCommand({ TableName: TABLE, ...MEETINGS_TABLE_SHAPE }));
    const store = new DynamoDbMeetingStore(client, TABLE);
    const budget = () => new TimeBudget(systemClock, 30_000);
    const t0 = Date.UTC(2026, 11, 1);
    const seedMs = await timed(async () => {
      for (let i = 0; i < MEETINGS; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, MEETINGS - i) }, async (_, j) => {
            const n = i + j;
            const target = { kind: 'meeting', id: String(85_000_000_000 + n) } as const;
            await store.putAutoStart(target, { settings: { layout: 'speaker_view' }, schedule: false, registeredAt: new Date(t0 + n * 1000).toISOString() }, budget());
            if (n % 100 === 0) await store.setStream(target, { state: 'live', since: new Date(t0 + n * 1000 + 500).toISOString() }, budget());
          }),
        );
      }
    });
    console.log(`seeded ${MEETINGS} registrations (${MEETINGS / 100} live) in ${(seedMs / 1000).toFixed(1)} s`);

    const services = {
      store,
      failures: new DynamoDbFailureStore(client, TABLE),
      startQueue: new InProcessStartQueue({ clock: systemClock }),
      failureQueue: new InProcessFailureQueue(),
    };
    const handler = createOperatorHandler(lazy(() => operatorDeps({}, services)));
    for (const filter of ['', 'state=live&'] as const) {
      const latencies: number[] = [];
      const queries: number[] = [];
      const capacity: number[] = [];
      const estimated: number[] = [];
      const others: number[] = [];
      let items = 0;
      let next: string | null = null;
      do {
        calls.commands.length = 0;
        calls.capacity = 0;
        calls.itemBytes = 0;
        const query: string = `${filter}limit=50${next ? `&next=${next}` : ''}`;
        let body: { items: unknown[]; next: string | null } = { items: [], next: null };
        latencies.push(
          await timed(async () => {
            const answer = await handler(event(query), lambdaContext('operator', 30_000));
            if (answer.statusCode !== 200) throw new Error(`GET /livestreams?${query}: ${answer.statusCode} ${answer.body}`);
            body = JSON.parse(answer.body);
          }),
        );
        items += body.items.length;
        next = body.next;
        queries.push(calls.commands.filter((name) => name === 'QueryCommand').length);
        capacity.push(calls.capacity);
        estimated.push(estimatedReadUnits(calls.itemBytes));
        others.push(calls.commands.length - queries[queries.length - 1]!);
        if (calls.commands.some((name) => name === 'ScanCommand')) throw new Error('a Scan was made');
      } while (next);
      const label = filter ? 'GET /livestreams?state=live' : 'GET /livestreams';
      console.log(
        `${label}: ${latencies.length} pages, ${items} items; per page: Query ${median(queries)} (max ${Math.max(...queries)}), ` +
          `other DynamoDB calls ${Math.max(...others)}, ConsumedCapacity (moto) median ${median(capacity).toFixed(1)}, ` +
          `read units by item size (DynamoDB's rule) median ${median(estimated).toFixed(1)} (max ${Math.max(...estimated).toFixed(1)}), ` +
          `latency p50 ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
      );
    }
  } finally {
    client.destroy();
    await moto.stop();
  }
}

function event(query: string): APIGatewayProxyEvent {
  const params = Object.fromEntries(new URLSearchParams(query));
  return {
    resource: '/livestreams',
    path: '/livestreams',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: params,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', httpMethod: 'GET', path: '/prod/livestreams' } as APIGatewayProxyEvent['requestContext'],
  };
}

async function firstLoadBench(): Promise<void> {
  const apiKey = 'bench-console-key';
  const system = await startLocalSystem({ PORT: '0', HOST: '127.0.0.1', LOCAL_API_KEY: apiKey });
  const chromium = await launchChromium();
  try {
    await seedConsoleDemo(system, apiKey);
    // The key as the operator typed it earlier in this tab: the page lists at once.
    await chromium.context.addInitScript((key) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('zoom-livestream.apiKey', key), apiKey);
    const times: number[] = [];
    const allLists: number[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      const page = await chromium.context.newPage();
      const cdp = await chromium.context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      let bytes = 0;
      cdp.on('Network.loadingFinished', (finished: { encodedDataLength: number }) => {
        bytes += finished.encodedDataLength;
      });
      await page.goto(`${system.api.url}/console`);
      await page.locator('body[data-loaded="true"]').waitFor();
      allLists.push(await page.evaluate(() => performance.now()));
      times.push(await page.evaluate(() => performance.getEntriesByName('console:first-list')[0]?.startTime ?? NaN));
      sizes.push(bytes);
      await page.close();
    }
    console.log(
      `console first load (${LOADS} loads, cache off): ${(median(sizes) / 1024).toFixed(1)} KiB transferred (page, script, style, icon and 4 API answers), ` +
        `first list rendered after ${median(times).toFixed(0)} ms median (${Math.max(...times).toFixed(0)} ms max), all four after ${median(allLists).toFixed(0)} ms median`,
    );
  } finally {
    await chromium.close();
    await system.close();
  }
}

async function main(): Promise<void> {
  await listingBench();
  await firstLoadBench();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
