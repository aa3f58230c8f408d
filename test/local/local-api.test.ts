import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../support/free-port';
import { SIMULATOR_MEETING_ID } from '../zoom-simulator';

/**
 * `npm start` itself, in a child process on a free port, driven over real HTTP as a user would with
 * the curl lines it prints.
 */
const ROOT = path.join(__dirname, '../..');
const API_KEY = 'local-test-key-0123456789';
let child: ChildProcess;
let baseUrl: string;
let output = '';

beforeAll(async () => {
  const port = await freeLoopbackPort();
  child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOCAL_API_KEY: API_KEY, POWERTOOLS_LOG_LEVEL: 'INFO', LOCAL_SESSION_FILE: path.join(os.tmpdir(), `zoom-local-api-${port}.json`) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  baseUrl = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], 30_000);
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
  }
});

const post = (urlPath: string, headers: Record<string, string> = { 'x-api-key': API_KEY }, body?: string) =>
  fetch(`${baseUrl}${urlPath}`, { method: 'POST', headers, body });

it('prints the API key and ready-to-paste curl lines', () => {
  expect(output).toContain(`x-api-key: ${API_KEY}`);
  expect(output).toContain(`curl -i -X POST -H 'x-api-key: ${API_KEY}'`);
  expect(output).toContain(`${baseUrl}/meetings/${SIMULATOR_MEETING_ID}/livestream/start`);
});

it('starts and stops a stream on the embedded simulator', async () => {
  const meeting = '91234567890';
  const started = await post(`/meetings/${meeting}/livestream/start`, { 'x-api-key': API_KEY, 'content-type': 'application/json' }, '{"settings":{"display_name":"Town hall"}}');
  expect(started.status).toBe(200);
  expect(await started.json()).toEqual({ meetingId: meeting, action: 'start', status: 'ok' });

  const stopped = await post(`/meetings/${meeting}/livestream/stop`);
  expect(stopped.status).toBe(200);
  expect(await stopped.json()).toEqual({ meetingId: meeting, action: 'stop', status: 'ok' });
  expect(output).toMatch(/"meetingId":"91234567890","action":"stop","source":"apigateway-rest","outcome":"ok"/);
});

it('answers 403 Forbidden without an API key, as API Gateway does', async () => {
  const response = await post(`/meetings/${SIMULATOR_MEETING_ID}/livestream/start`, {});
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: 'Forbidden' });
});

it('answers 403 Forbidden with a wrong API key', async () => {
  const response = await post(`/meetings/${SIMULATOR_MEETING_ID}/livestream/stop`, { 'x-api-key': 'not-the-key' });
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: 'Forbidden' });
});

it('answers 400 INVALID_REQUEST for a bad meeting id', async () => {
  const response = await post('/meetings/12345/livestream/start');
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: 'INVALID_REQUEST', message: 'meetingId: must be a string of 9 to 19 digits' } });
});

it.each([
  ['an unknown route', 'POST', '/meetings/85746065432/livestream/pause'],
  ['a known path with another method', 'GET', '/meetings/85746065432/livestream/start'],
])('answers 403 Missing Authentication Token for %s, as API Gateway does', async (_, method, urlPath) => {
  const response = await fetch(`${baseUrl}${urlPath}`, { method, headers: { 'x-api-key': API_KEY } });
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
