/**
 * Issue 2's measurements, run with `npm run bench:warm-path`:
 * 1. the warm-path cost of one start through the handler, against one plain HTTP PATCH to the same
 *    Zoom simulator in the same run (medians over many, interleaved so drift hits both alike);
 * 2. Secrets Manager reads (real SDK calls to moto_server) and token exchanges for 100 starts in
 *    one container (goal: 1 and 1).
 */
import http from 'node:http';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createLiveStreamHandler } from '../functions/lib/handlers/live-stream-handler';
import { logger } from '../functions/lib/core/logger';
import { secretsManagerReader, type SecretReader } from '../functions/lib/aws/secret-cache';
import { lazy, liveStreamDeps } from '../functions/lib/handlers/composition-root';
import { lambdaContext } from '../local/lambda-context';
import { MOTO_CREDENTIALS, MOTO_REGION, createSecret, startMoto } from '../test/support/moto';
import { SIMULATOR_CREDENTIALS, startZoomSimulator } from '../test/zoom-simulator';
import { median, percentile, timed } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);
const WARMUP = 100;

// A log line per start would measure the terminal, not the handler.
logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator({ embedded: true })]);
  // Embedded mode enforces Zoom's 30 requests per second; the bench measures the handler, not the limit.
  zoom.setLightRateLimit(undefined);
  try {
    await createSecret(moto.endpoint, 'bench/zoom', JSON.stringify(SIMULATOR_CREDENTIALS));
    const client = new SecretsManagerClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
    const read = secretsManagerReader(client);
    let secretReads = 0;
    const env = { ZOOM_SECRET_ID: 'bench/zoom', ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl };
    const readSecret: SecretReader = (id, timeoutMs) => {
      secretReads += 1;
      return read(id, timeoutMs);
    };
    // An HTTP start uses no store or queue: only starts nobody waits for do.
    const handler = createLiveStreamHandler('start', lazy(() => liveStreamDeps(env, { readSecret })));
    // Every start needs its own meeting: Zoom refuses a second start of one meeting within 30 s.
    let nextMeeting = 100_000_000;
    const startThroughHandler = async () => {
      const meetingId = String(nextMeeting++);
      const event = { httpMethod: 'POST', path: `/meetings/${meetingId}/livestream/start`, requestContext: {}, pathParameters: { meetingId }, body: null };
      const response = (await handler(event, lambdaContext('bench'))) as { statusCode: number };
      if (response.statusCode !== 200) throw new Error(`handler answered ${response.statusCode}`);
    };

    for (let i = 0; i < 100; i += 1) await startThroughHandler();
    const counts = { secretReads, tokenExchanges: zoom.tokenExchanges, requests: zoom.apiRequests.length };

    const token = zoom.issueStaticToken();
    const agent = new http.Agent({ keepAlive: true });
    const plainPatch = () => patch(zoom.apiBaseUrl, String(nextMeeting++), token, agent);

    for (let i = 0; i < WARMUP; i += 1) {
      await startThroughHandler();
      await plainPatch();
    }
    const viaHandler: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      zoom.clearRequests();
      viaHandler.push(await timed(startThroughHandler));
      plain.push(await timed(plainPatch));
    }
    agent.destroy();

    const handlerMedian = median(viaHandler);
    const plainMedian = median(plain);
    console.log(`100 starts in one container: ${counts.requests} Zoom requests, ${counts.secretReads} Secrets Manager read(s), ${counts.tokenExchanges} token exchange(s)`);
    console.log(`warm start through the handler: median ${handlerMedian.toFixed(3)} ms, p90 ${percentile(viaHandler, 0.9).toFixed(3)} ms (${ROUNDS} runs)`);
    console.log(`plain HTTP PATCH to the simulator: median ${plainMedian.toFixed(3)} ms, p90 ${percentile(plain, 0.9).toFixed(3)} ms`);
    console.log(`handler overhead: ${(handlerMedian - plainMedian).toFixed(3)} ms per start (×${(handlerMedian / plainMedian).toFixed(2)})`);
  } finally {
    await Promise.all([moto.stop(), zoom.close()]);
  }
}

function patch(apiBaseUrl: string, meetingId: string, token: string, agent: http.Agent): Promise<void> {
  const body = JSON.stringify({ action: 'start' });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${apiBaseUrl}/meetings/${meetingId}/livestream/status`,
      { method: 'PATCH', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 204 ? resolve() : reject(new Error(`PATCH answered ${response.statusCode}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
