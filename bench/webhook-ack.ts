/**
 * The webhook's acknowledgement, run with `npm run bench:webhook`:
 * 1. how long `POST /webhooks/zoom` takes to answer a signed `meeting.started` of a registered
 *    meeting, warm (goal: p99 < 50 ms; Zoom gives up after 3 s), while the start worker hands the
 *    starts to the Zoom simulator in the same process;
 * 2. Zoom live stream PATCHes per delivered `meeting.started` when Zoom delivers each one twice
 *    (goal: exactly 1 for every meeting).
 * Variants: memory store (as `npm start`), and DynamoDB store on moto_server through the real SDK.
 * BENCH_DELIVERIES (default 1000) and BENCH_DYNAMODB_DELIVERIES (default the same; 0 skips it).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AWS_CLIENT_OPTIONS } from '../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../functions/lib/aws/dynamodb-meeting-store';
import { InProcessFailureQueue, InProcessStartQueue } from '../local/in-process-queue';
import type { MeetingStore } from '../functions/lib/use-cases/ports';
import { MemoryMeetingStore } from '../functions/lib/memory/memory-meeting-store';
import { secretsManagerReader } from '../functions/lib/aws/secret-cache';
import { systemClock } from '../functions/lib/core/clock';
import { logger } from '../functions/lib/core/logger';
import { TimeBudget } from '../functions/lib/core/time-budget';
import { lazy, webhookDeps, type Overrides } from '../functions/lib/handlers/composition-root';
import { createWebhookHandler } from '../functions/lib/handlers/webhook-handler';
import { drainWithWorker } from '../test/helpers/backends';
import { lambdaContext } from '../local/lambda-context';
import { MOTO_CREDENTIALS, MOTO_REGION, createSecret, secretsClient, startMoto, type MotoServer } from '../test/support/moto';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../test/zoom-simulator';
import { median, percentile, timed } from './stats';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 1000);
const DYNAMODB_DELIVERIES = Number(process.env.BENCH_DYNAMODB_DELIVERIES ?? DELIVERIES);
const WARMUP = 50;
const SECRET_TOKEN = 'bench-webhook-secret-token-0123456789';
const SECRET_ID = 'bench/zoom-webhook';

// A log line per delivery would measure the terminal, not the handler.
logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Result {
  readonly variant: string;
  readonly deliveries: number;
  readonly first: number[];
  readonly again: number[];
  readonly patchesPerMeeting: number[];
  readonly non200: number;
  readonly failedJobs: number;
}

/** Zoom's signature, as Zoom computes it. */
const sign = (timestamp: string, body: string) => `v0=${createHmac('sha256', SECRET_TOKEN).update(`v0:${timestamp}:${body}`).digest('hex')}`;

function restEvent(body: string): APIGatewayProxyEvent {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    resource: '/webhooks/zoom',
    path: '/webhooks/zoom',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': sign(timestamp, body) },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: { httpMethod: 'POST', path: '/prod/webhooks/zoom', stage: 'prod', requestId: randomUUID(), resourcePath: '/webhooks/zoom' } as APIGatewayProxyEvent['requestContext'],
  };
}

const startedBody = (meetingId: string) =>
  JSON.stringify({
    event: 'meeting.started',
    event_ts: Date.now(),
    payload: { account_id: SIMULATOR_CREDENTIALS.accountId, object: { id: meetingId, uuid: `${randomUUID()}==`, host_id: 'benchHost', topic: 'Bench', type: 2, start_time: new Date().toISOString() } },
  });

async function run(variant: string, deliveries: number, zoom: ZoomSimulator, store: MeetingStore, options: Overrides, firstId: number): Promise<Result> {
  const env = { ZOOM_SECRET_ID: SECRET_ID, ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl };
  const startQueue = new InProcessStartQueue({ clock: systemClock });
  const failureQueue = new InProcessFailureQueue();
  const overrides: Overrides = { ...options, store, startQueue, failureQueue };
  // The hand-offs run in this process, as npm start runs them: the PATCH count is the worker's.
  drainWithWorker(env, startQueue, () => overrides);
  const handler = createWebhookHandler(lazy(() => webhookDeps(env, overrides)));
  const context = lambdaContext('bench-webhook');
  const budget = () => new TimeBudget(systemClock, 10_000);
  const ids = Array.from({ length: WARMUP + deliveries }, (_, i) => String(firstId + i));
  for (const id of ids) await store.putAutoStart({ kind: 'meeting', id }, { settings: { layout: 'speaker_view' }, schedule: false, registeredAt: new Date().toISOString() }, budget());

  let non200 = 0;
  const deliver = async (body: string): Promise<number> => {
    const event = restEvent(body);
    let status = 0;
    const ms = await timed(async () => {
      status = ((await handler(event, context)) as { statusCode: number }).statusCode;
    });
    if (status !== 200) non200 += 1;
    // Deliveries arrive apart: the start worker gets to run between them, as it would beside Lambda.
    await new Promise((resolve) => setImmediate(resolve));
    return ms;
  };

  for (const id of ids.slice(0, WARMUP)) await deliver(startedBody(id));
  await startQueue.drain();
  zoom.clearRequests();
  non200 = 0;

  const first: number[] = [];
  const again: number[] = [];
  const measured = ids.slice(WARMUP);
  for (const id of measured) {
    const body = startedBody(id);
    first.push(await deliver(body));
    // Zoom's redelivery: the same bytes, a new timestamp and signature.
    again.push(await deliver(body));
  }
  await startQueue.drain();

  const patches = new Map<string, number>();
  for (const request of zoom.apiRequests) {
    if (request.method === 'PATCH' && request.path.endsWith('/livestream/status') && request.meetingId) {
      patches.set(request.meetingId, (patches.get(request.meetingId) ?? 0) + 1);
    }
  }
  return {
    variant,
    deliveries,
    first,
    again,
    patchesPerMeeting: measured.map((id) => patches.get(id) ?? 0),
    non200,
    failedJobs: failureQueue.messages.length,
  };
}

async function withDynamoDb(moto: MotoServer, zoom: ZoomSimulator, deliveries: number): Promise<Result> {
  await createSecret(moto.endpoint, SECRET_ID, JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: SECRET_TOKEN }));
  const client = new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  await client.send(
    new CreateTableCommand({
      TableName: 'bench-meetings',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const secrets = secretsClient(moto.endpoint);
  try {
    return await run('DynamoDB (moto) + Secrets Manager (moto)', deliveries, zoom, new DynamoDbMeetingStore(client, 'bench-meetings'), { readSecret: secretsManagerReader(secrets) }, 200_000_000);
  } finally {
    client.destroy();
    secrets.destroy();
  }
}

function table(results: readonly Result[]): string {
  const rows = results.map((r) => {
    const patches = r.patchesPerMeeting.reduce((a, b) => a + b, 0);
    return [
      r.variant,
      String(r.deliveries),
      median(r.first).toFixed(2),
      percentile(r.first, 0.99).toFixed(2),
      median(r.again).toFixed(2),
      percentile(r.again, 0.99).toFixed(2),
      (patches / r.deliveries).toFixed(3),
      `${Math.min(...r.patchesPerMeeting)}..${Math.max(...r.patchesPerMeeting)}`,
      String(r.non200),
      String(r.failedJobs),
    ];
  });
  const header = ['store', 'meeting.started', 'ack median ms', 'ack p99 ms', 'redelivery median ms', 'redelivery p99 ms', 'PATCH per event', 'per meeting', 'non-200', 'failed jobs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  // No light rate limit: the bench measures the webhook, not Zoom's per-second quota.
  const zoom = await startZoomSimulator({ embedded: true, lightRateLimitPerSecond: Infinity });
  const moto = DYNAMODB_DELIVERIES > 0 ? await startMoto() : undefined;
  try {
    const results = [
      await run('memory', DELIVERIES, zoom, new MemoryMeetingStore(), { readSecret: async () => JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: SECRET_TOKEN }) }, 100_000_000),
    ];
    if (moto) results.push(await withDynamoDb(moto, zoom, DYNAMODB_DELIVERIES));
    console.log(`webhook acknowledgement, ${WARMUP} warm-up deliveries first; each meeting.started delivered twice (Zoom's redelivery)\n`);
    console.log(table(results));
    console.log('\ngoals: ack p99 < 50 ms; exactly 1 PATCH per meeting.started (per meeting: 1..1), no non-200 answers, no failed jobs');
    const met = results.every((r) => percentile(r.first, 0.99) < 50 && r.patchesPerMeeting.every((n) => n === 1) && r.non200 === 0 && r.failedJobs === 0);
    console.log(met ? 'all goals met' : 'GOAL MISSED');
    if (!met) process.exitCode = 1;
  } finally {
    await Promise.all([zoom.close(), moto?.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
