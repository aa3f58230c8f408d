/**
 * The cold path of each function (`npm run bench:cold-start`), side by side with a minimal
 * fetch-based handler built in the same run with the same bundler options (bench/cold/minimal-handler.ts):
 * bundle size, module load over a bare `node`, and the cold total — module load plus the first
 * start, in a fresh process — against moto_server (Secrets Manager, DynamoDB) and the Zoom simulator.
 * Runs under the Node binary NODE24 names (the Lambda runtime; `bash scripts/node24.sh` prints its directory), else this one.
 * Options: COLD_RUNS (15).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { esbuildOptions } from '../infra/bundling';
import { createSecret, MOTO_CREDENTIALS, MOTO_REGION, startMoto } from '../test/support/moto';
import { SIMULATOR_CREDENTIALS, startZoomSimulator } from '../test/zoom-simulator';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.COLD_RUNS ?? 15);
const NODE = process.env.NODE24 || process.execPath;
const RUNNER = path.join(__dirname, 'cold', 'cold-run.mjs');

interface Subject {
  readonly name: string;
  readonly entry: string;
  /** The event of its first start, for meeting `id` (each run starts another meeting: Zoom's 30-second rule). */
  readonly event: (id: string) => unknown;
  /** Built as a handler is built without this project's levers: CommonJS, the SDK's whole credential chain. */
  readonly plain?: boolean;
}

const apiStart = (id: string) => ({
  resource: '/meetings/{meetingId}/livestream/start',
  path: `/meetings/${id}/livestream/start`,
  httpMethod: 'POST',
  headers: { 'content-type': 'application/json' },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: { meetingId: id },
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { httpMethod: 'POST', path: `/prod/meetings/${id}/livestream/start`, stage: 'prod', requestId: 'cold', resourcePath: '/meetings/{meetingId}/livestream/start' },
});
const queued = (id: string) => ({
  Records: [{ messageId: `cold-${id}`, receiptHandle: 'r', body: JSON.stringify({ meetingId: id }), attributes: { SentTimestamp: String(Date.now()), ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', awsRegion: 'us-east-1' }],
});

const MINIMAL = path.join(__dirname, 'cold', 'minimal-handler.ts');
const SUBJECTS: Subject[] = [
  { name: 'minimal, plain build', entry: MINIMAL, event: (id) => ({ meetingId: id }), plain: true },
  { name: 'minimal, same build as ours', entry: MINIMAL, event: (id) => ({ meetingId: id }) },
  { name: 'start (API request)', entry: path.join(ROOT, 'functions/start.ts'), event: apiStart },
  { name: 'start worker (queued start)', entry: path.join(ROOT, 'functions/start-worker.ts'), event: queued },
  { name: 'stop (API request)', entry: path.join(ROOT, 'functions/stop.ts'), event: (id) => ({ ...apiStart(id), resource: '/meetings/{meetingId}/livestream/stop', path: `/meetings/${id}/livestream/stop` }) },
];

/** Runs `node args` to its end, without blocking this process (the Zoom simulator answers from it). */
function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string; stderr: string }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, stdout, stderr }));
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'cold-start-'));
  const [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator()]);
  try {
    await createSecret(moto.endpoint, 'bench/zoom', JSON.stringify(SIMULATOR_CREDENTIALS));
    const dynamo = new DynamoDBClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
    await dynamo.send(new CreateTableCommand({ TableName: 'bench-cold', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
    dynamo.destroy();
    const env = {
      PATH: process.env.PATH,
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ZOOM_SECRET_ID: 'bench/zoom',
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
      ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
      MEETINGS_TABLE: 'bench-cold',
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'zoom-livestream',
      AWS_LAMBDA_FUNCTION_NAME: 'cold',
    };
    const bundles = SUBJECTS.map((subject, i) => {
      const outfile = path.join(work, `${i}`, subject.plain ? 'index.cjs' : 'index.mjs');
      buildSync(
        subject.plain
          ? { entryPoints: [subject.entry], outfile, bundle: true, platform: 'node', target: 'node24', format: 'cjs', minify: true, sourcemap: true, sourcesContent: false, logLevel: 'warning' }
          : esbuildOptions(subject.entry, outfile),
      );
      return { ...subject, outfile, bytes: statSync(outfile).size };
    });
    const results = bundles.map(() => ({ load: [] as number[], total: [] as number[] }));
    const bare: number[] = [];
    let meeting = 86_000_000_000;
    // Interleaved, so that a busier moment of the machine hits every subject alike.
    for (let run = 0; run < RUNS; run += 1) {
      bare.push((await runNode(['-e', ''], env)).ms);
      for (const [i, bundle] of bundles.entries()) {
        const id = String((meeting += 1));
        zoom.addMeeting(id);
        const child = await runNode([RUNNER, bundle.outfile, JSON.stringify(bundle.event(id))], env);
        let report: { loadMs: number; result: unknown };
        try {
          report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '');
        } catch {
          throw new Error(`${bundle.name} failed:\n${child.stdout}\n${child.stderr}`);
        }
        results[i]?.load.push(report.loadMs);
        results[i]?.total.push(child.ms);
        if (run === 0) console.log(`${bundle.name}: ${JSON.stringify(report.result).slice(0, 120)}`);
      }
    }
    const bareMs = median(bare);
    console.log(`${path.basename(NODE) === 'node' ? `node ${spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()}` : NODE}; median of ${RUNS} fresh processes; bare node ${bareMs.toFixed(1)} ms`);
    console.log('subject                          bundle      module load   cold total (process, load, first start) − bare node');
    bundles.forEach((bundle, i) => {
      const r = results[i] as { load: number[]; total: number[] };
      console.log(
        `${bundle.name.padEnd(32)} ${`${(bundle.bytes / 1024).toFixed(0)} KiB`.padStart(8)}   ${`${median(r.load).toFixed(1)} ms`.padStart(10)}   ${`${(median(r.total) - bareMs).toFixed(1)} ms`.padStart(10)}`,
      );
    });
  } finally {
    await Promise.all([moto.stop(), zoom.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
