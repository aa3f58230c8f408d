/**
 * A thousand streams at nine o'clock (`npm run bench:burst`): 1,000 meetings whose starts are due in
 * the same minute, sent to the start queue as EventBridge Scheduler would, drained by a fleet of
 * start worker containers as Lambda's SQS event source scales it (5 at once, 5 more a second, up to
 * the mapping's maximum concurrency), against the Zoom simulator enforcing the account's Light limit
 * (30 requests/s, per-second 429s without Retry-After) and the per-meeting 30-second rule.
 *
 * Every container is built as the worker's entry builds it, with its own caches (secret, token, HTTP agent); the
 * queue, the table (start claims, the shared token) are real AWS SDK calls to moto_server.
 * Options: BURST_MEETINGS (1000), BURST_CONCURRENCY (10), BURST_LATENCY_MS (120, Zoom's answer time),
 * BURST_REVOKE_AT_S (revoke every token at that second of the burst; unset: never), BURST_QUEUE
 * (`sqs`, or `memory` to see the makespan without moto's slow ReceiveMessage), BURST_TABLE (`moto`,
 * or `dynalite`: the table on dynalite, whose conditional writes are atomic as DynamoDB's are;
 * `npm run bench:burst:dynalite`).
 */
import { logger } from '../functions/lib/core/logger';
import { lazy, startWorkerDeps } from '../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../functions/lib/handlers/start-worker-handler';
import { countedCalls, type CallCounts } from '../test/support/counted-calls';
import { startDynalite } from '../test/support/dynalite';
import { createSecret, motoAwsEnv, startMoto } from '../test/support/moto';
import { SIMULATOR_CREDENTIALS, startZoomSimulator } from '../test/zoom-simulator';
import { createFleetResources, queueDepth, sendDueStarts } from './burst/aws-setup';
import { MemoryQueue, pollMemory } from './burst/memory-queue';
import { EventSourceMapping, type WorkerHandler } from './burst/sqs-poller';
import { workerRatePerContainer } from '../infra/start-worker-rate';

const MEETINGS = Number(process.env.BURST_MEETINGS ?? 1000);
const CONCURRENCY = Number(process.env.BURST_CONCURRENCY ?? 10);
const LATENCY_MS = Number(process.env.BURST_LATENCY_MS ?? 120);
const REVOKE_AT_S = process.env.BURST_REVOKE_AT_S ? Number(process.env.BURST_REVOKE_AT_S) : undefined;
/** `sqs` (moto, as the design runs) or `memory` (the same fleet, the queue in this process, DynamoDB still on moto). */
const QUEUE = process.env.BURST_QUEUE === 'memory' ? 'memory' : 'sqs';
/** Where the table lives: moto, or dynalite (start claims and the token lease atomic, as in DynamoDB). */
const TABLE = process.env.BURST_TABLE === 'dynalite' ? 'dynalite' : 'moto';
const ACCOUNT_LIMIT = 30;
const BATCH_SIZE = 10;
const FUNCTION_TIMEOUT_MS = 60_000;
/** Lambda's init of a container (module load, clients) before its first batch: a conservative guess. */
const COLD_INIT_MS = 300;

logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Container {
  /** The container's secret reads and token exchanges. */
  readonly counts: CallCounts;
  readonly handler: WorkerHandler;
  invocations: number;
  busyMs: number;
}

async function main(): Promise<void> {
  const [moto, zoom, dynalite] = await Promise.all([
    startMoto(),
    startZoomSimulator({ lightRateLimitPerSecond: ACCOUNT_LIMIT, latencyMs: LATENCY_MS }),
    TABLE === 'dynalite' ? startDynalite() : undefined,
  ]);
  try {
    Object.assign(process.env, motoAwsEnv(moto.endpoint), { AWS_ENDPOINT_URL: moto.endpoint });
    if (dynalite) process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    await createSecret(moto.endpoint, 'bench/zoom', JSON.stringify(SIMULATOR_CREDENTIALS));
    const resources = await createFleetResources(moto.endpoint, 60, dynalite?.endpoint);
    const ids = Array.from({ length: MEETINGS }, (_, i) => String(81_000_000_000 + i));
    for (const id of ids) zoom.addMeeting(id);
    const env = {
      ZOOM_SECRET_ID: 'bench/zoom',
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
      ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
      MEETINGS_TABLE: resources.tableName,
      START_QUEUE_URL: resources.startQueueUrl,
      START_FAILURE_QUEUE_URL: resources.failureQueueUrl,
      ZOOM_REQUESTS_PER_SECOND: String(workerRatePerContainer(ACCOUNT_LIMIT, CONCURRENCY)),
    };
    const newContainer = (): Container => {
      const { counts, overrides } = countedCalls(env);
      return { counts, handler: createStartWorkerHandler(lazy(() => startWorkerDeps(env, overrides))) as WorkerHandler, invocations: 0, busyMs: 0 };
    };

    const memory = new MemoryQueue(60_000);
    const t0 = Date.now();
    const bodies = ids.map((id) => JSON.stringify({ meetingId: id }));
    if (QUEUE === 'memory') memory.send(bodies);
    else await sendDueStarts(resources.sqs, resources.startQueueUrl, bodies);
    const sentMs = Date.now() - t0;
    let done = false;
    const containers: Container[] = [];
    const pollers: Promise<void>[] = [];
    // Lambda polls with its own pollers (five to begin with), apart from the function's containers.
    const mapping = new EventSourceMapping(resources.sqs, resources.startQueueUrl, {
      batchSize: BATCH_SIZE,
      functionTimeoutMs: FUNCTION_TIMEOUT_MS,
      shouldStop: () => done,
      pollers: 5,
      buffered: CONCURRENCY,
    });
    if (QUEUE === 'sqs') pollers.push(mapping.poll());
    const launch = async (container: Container) => {
      await new Promise((resolve) => setTimeout(resolve, COLD_INIT_MS));
      const options = {
        batchSize: BATCH_SIZE,
        functionTimeoutMs: FUNCTION_TIMEOUT_MS,
        shouldStop: () => done,
        onInvoke: (ms: number) => {
          container.invocations += 1;
          container.busyMs += ms;
        },
      };
      if (QUEUE === 'memory') await pollMemory(memory, container.handler, options);
      else await mapping.feed(container.handler, options.onInvoke);
    };
    // Lambda's SQS scaling: five concurrent batches at once, up to five more each second.
    for (let step = 0; containers.length < CONCURRENCY; step += 1) {
      const add = Math.min(5, CONCURRENCY - containers.length);
      for (let i = 0; i < add; i += 1) {
        const container = newContainer();
        containers.push(container);
        pollers.push(launch(container));
      }
      if (containers.length < CONCURRENCY) await new Promise((resolve) => setTimeout(resolve, 1000));
      void step;
    }
    if (REVOKE_AT_S !== undefined) setTimeout(() => zoom.revokeTokens(), REVOKE_AT_S * 1000 - (Date.now() - t0));

    // Done when every meeting streams or is parked; moto's message counts are approximate, so an
    // empty-looking queue must stay empty for five seconds before the run gives up on the rest.
    let emptyChecks = 0;
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [start, failures] = await Promise.all([queueDepth(resources.sqs, resources.startQueueUrl), queueDepth(resources.sqs, resources.failureQueueUrl)]);
      const left = QUEUE === 'memory' ? memory.depth : start.visible + start.inFlight;
      emptyChecks = left === 0 ? emptyChecks + 1 : 0;
      const settled = ids.filter((id) => (zoom.meetingState(id)?.starts ?? 0) > 0).length + failures.visible;
      done = settled >= ids.length || emptyChecks >= 10 || Date.now() - t0 > 10 * 60_000;
      if (done) report(ids, zoom, containers, t0, failures.visible, sentMs);
    }
    await Promise.all(pollers);
    resources.sqs.destroy();
  } finally {
    await Promise.all([moto.stop(), zoom.close(), dynalite?.stop()]);
  }
}

function report(ids: readonly string[], zoom: Awaited<ReturnType<typeof startZoomSimulator>>, containers: readonly Container[], t0: number, parked: number, sentMs: number): void {
  const states = ids.map((id) => zoom.meetingState(id));
  const started = states.filter((state) => (state?.starts ?? 0) >= 1).length;
  const doubled = states.filter((state) => (state?.starts ?? 0) > 1).length;
  const successes = zoom.apiRequests.filter((request) => request.status === 204);
  const lastStart = Math.max(...successes.map((request) => request.at));
  const makespanS = (lastStart - t0) / 1000;
  const floorS = ids.length / ACCOUNT_LIMIT;
  const rows: [string, string][] = [
    ['meetings due', `${ids.length} (all in the queue ${(sentMs / 1000).toFixed(1)} s after nine o'clock)`],
    ['first start at Zoom', `${((Math.min(...successes.map((request) => request.at)) - t0) / 1000).toFixed(1)} s`],
    ['streams started', `${started}${doubled ? ` (${doubled} started twice)` : ''}`],
    ['lost (never started)', `${ids.length - started} (${parked} parked in the failure queue)`],
    ['makespan', `${makespanS.toFixed(1)} s = ${(makespanS / floorS).toFixed(3)} × the ${floorS.toFixed(1)} s floor`],
    ['Zoom requests per start', (zoom.apiRequests.length / Math.max(1, started)).toFixed(3)],
    ['per-second 429s from Zoom', String(zoom.rateLimitedCount)],
    ['most Zoom requests in one second', String(zoom.maxRequestsInAnySecond)],
    ['token exchanges', String(zoom.tokenExchanges)],
    ['secret reads', String(containers.reduce((sum, c) => sum + c.counts.secretReads, 0))],
    ['containers / invocations', `${containers.length} / ${containers.reduce((sum, c) => sum + c.invocations, 0)}`],
    ['mean invocation', `${(containers.reduce((sum, c) => sum + c.busyMs, 0) / Math.max(1, containers.reduce((sum, c) => sum + c.invocations, 0))).toFixed(0)} ms for ${(ids.length / Math.max(1, containers.reduce((sum, c) => sum + c.invocations, 0))).toFixed(1)} records`],
  ];
  if (process.env.BURST_HISTOGRAM) {
    const perSecond = new Map<number, number>();
    for (const request of zoom.apiRequests) perSecond.set(Math.floor((request.at - t0) / 1000), (perSecond.get(Math.floor((request.at - t0) / 1000)) ?? 0) + 1);
    console.log([...perSecond].sort((a, b) => a[0] - b[0]).map(([second, count]) => `${second}s:${count}`).join(' '));
  }
  console.log(`\nBurst (${QUEUE === 'memory' ? 'queue in process' : 'queue on moto'}, table on ${TABLE}): ${ids.length} starts, ${CONCURRENCY} containers, Zoom answers in ${LATENCY_MS} ms${REVOKE_AT_S !== undefined ? `, every token revoked at ${REVOKE_AT_S} s` : ''}`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(34)} ${value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

