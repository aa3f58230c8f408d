import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../support/free-port';

/**
 * `ZOOM_SECRET_ID=… npm start` on a machine without AWS (no credentials in the environment, no
 * ~/.aws files): a start answers its configuration error at once, over real HTTP, instead of after
 * the SDK's instance metadata probe. The metadata service here is a loopback server that accepts
 * connections and never answers, as an unreachable one behaves: a probe of it would hold the answer.
 */
const ROOT = path.join(__dirname, '../..');
const API_KEY = 'no-aws-config-error-key';
const MEETING = '85746065432';

let metadata: Server;
let metadataConnections = 0;
const sockets = new Set<Socket>();
let metadataUrl: string;

beforeAll(async () => {
  metadata = createServer((socket) => {
    metadataConnections += 1;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
  const address = metadata.address();
  metadataUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => metadata.close(resolve));
});

/** The caller's environment with nothing of AWS in it, a home without ~/.aws, and `extra`. */
function envWithoutAws(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return { ...env, HOME: mkdtempSync(path.join(tmpdir(), 'no-aws-home-')), AWS_EC2_METADATA_SERVICE_ENDPOINT: metadataUrl, ...extra };
}

async function npmStart(extra: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const port = await freeLoopbackPort();
  const env = envWithoutAws({ PORT: String(port), HOST: '127.0.0.1', LOCAL_API_KEY: API_KEY, ZOOM_SECRET_ID: 'zoom/x', POWERTOOLS_LOG_LEVEL: 'INFO', ...extra });
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 600 && !/Ctrl-C stops/.test(output); i += 1) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-(child.pid as number), 'SIGINT');
  await exited;
}

async function timedStart(baseUrl: string) {
  const startedAt = performance.now();
  const response = await fetch(`${baseUrl}/meetings/${MEETING}/livestream/start`, { method: 'POST', headers: { 'x-api-key': API_KEY } });
  return { status: response.status, body: (await response.json()) as any, ms: performance.now() - startedAt };
}

it.each([
  ['with a region but no credentials', { AWS_REGION: 'eu-central-1' }, /no AWS credentials were found/],
  ['without a region', {}, /no AWS region is set \(AWS_REGION\)/],
])('answers 500 CONFIGURATION_ERROR in under a second %s', async (_, extra, message) => {
  const started = await npmStart(extra);
  try {
    const answer = await timedStart(started.baseUrl);

    expect(answer.status).toBe(500);
    // The caller gets the request id; what to fix is in the log of that request only.
    expect(answer.body.error).toMatchObject({ code: 'CONFIGURATION_ERROR', message: expect.stringContaining('see the function log for request') });
    expect(answer.body.error.message).not.toMatch(message);
    expect(answer.ms).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started.output()).toMatch(message);
    expect(metadataConnections).toBe(0);
  } finally {
    await stop(started.child);
  }
}, 60_000);
