import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLocalSession } from '../../local/local-session';
import { freeLoopbackPort } from '../support/free-port';

/**
 * The webhook demo as a user runs it: `npm start` in one terminal, then
 * `npm run webhook:send -- meeting.started <id> --register` in another, both child processes here,
 * talking over real HTTP.
 */
const ROOT = path.join(__dirname, '../..');
const API_KEY = 'local-webhook-demo-key-0123';
const SECRET_TOKEN = 'local-webhook-secret-token-4567';
const MEETING = '86420975310';

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly baseUrl: string;
  /** Where this npm start tells webhook:send about itself (LOCAL_SESSION_FILE), apart from any other. */
  readonly sessionFile: string;
}

const sessions = mkdtempSync(path.join(tmpdir(), 'zoom-webhook-demo-'));

async function npmStart(extraEnv: Record<string, string>): Promise<Started> {
  const port = await freeLoopbackPort();
  const sessionFile = path.join(sessions, `npm-start-${port}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOCAL_API_KEY: API_KEY, LOCAL_SESSION_FILE: sessionFile };
  delete env.LOCAL_WEBHOOK_SECRET_TOKEN;
  Object.assign(env, extraEnv);
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await waitFor(child, () => output, () => (/Ctrl-C stops/.test(output) ? /listening on (http:\/\/\S+)/.exec(output)?.[1] : undefined));
  return { child, output: () => output, baseUrl, sessionFile };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  process.kill(-(started.child.pid as number), 'SIGINT');
  await exited;
}

/** `npm run webhook:send -- …` to completion: its exit code and everything it printed. */
function webhookSend(started: Started, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_SESSION_FILE: started.sessionFile };
    delete env.WEBHOOK_URL;
    delete env.LOCAL_WEBHOOK_SECRET_TOKEN;
    delete env.LOCAL_API_KEY;
    Object.assign(env, extraEnv);
    const child = spawn('npm', ['run', '--silent', 'webhook:send', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const sign = (token: string, timestamp: string, body: string) => `v0=${createHmac('sha256', token).update(`v0:${timestamp}:${body}`).digest('hex')}`;

function postWebhook(baseUrl: string, body: string, signature: (timestamp: string) => string, headers: Record<string, string> = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(`${baseUrl}/webhooks/zoom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': signature(timestamp), ...headers },
    body,
  });
}

let withToken: Started;
let withoutToken: Started;
let sessionAtStart: unknown;

beforeAll(async () => {
  withToken = await npmStart({ LOCAL_WEBHOOK_SECRET_TOKEN: SECRET_TOKEN });
  sessionAtStart = readLocalSession(withToken.sessionFile);
  withoutToken = await npmStart({});
});
afterAll(async () => {
  await Promise.all([stop(withToken), stop(withoutToken)]);
  rmSync(sessions, { recursive: true, force: true });
});

const tokenOf = (started: Started): string => /Webhook secret token: (\S+)/.exec(started.output())?.[1] ?? '';

describe('npm start with LOCAL_WEBHOOK_SECRET_TOKEN', () => {
  it('prints the webhook URL', () => {
    expect(withToken.output()).toContain(`Zoom webhook URL: ${withToken.baseUrl}/webhooks/zoom`);
  });

  it('prints the webhook secret token it was given', () => {
    expect(tokenOf(withToken)).toBe(SECRET_TOKEN);
  });

  it('tells webhook:send where it listens, its API key and its token', () => {
    expect(sessionAtStart).toEqual({
      apiUrl: withToken.baseUrl,
      apiKey: API_KEY,
      webhookUrl: `${withToken.baseUrl}/webhooks/zoom`,
      webhookSecretToken: SECRET_TOKEN,
      zoomSimulatorUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('lets webhook:send register a meeting, start it, and see its stream go live', async () => {
    const sent = await webhookSend(withToken, ['meeting.started', MEETING, '--register']);

    expect(sent.code).toBe(0);
    expect(sent.output).toContain(`PUT /meetings/${MEETING}/livestream/auto-start → 200`);
    expect(sent.output).toContain(`POST ${withToken.baseUrl}/webhooks/zoom meeting.started (signed) → 200 {"event":"meeting.started","result":"start handed off"}`);
    expect(sent.output).toMatch(/stream live since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/);
  });

  it('answers a delivery without an API key when its signature is valid', async () => {
    const body = JSON.stringify({ event: 'meeting.started', event_ts: Date.now(), payload: { object: { id: '86420975399', uuid: 'u-no-key==' } } });

    const response = await postWebhook(withToken.baseUrl, body, (timestamp) => sign(SECRET_TOKEN, timestamp, body));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ event: 'meeting.started', result: 'not registered for auto-start' });
  });

  it('refuses a delivery with a valid API key but no valid signature', async () => {
    const body = JSON.stringify({ event: 'meeting.started', event_ts: Date.now(), payload: { object: { id: MEETING } } });

    const response = await postWebhook(withToken.baseUrl, body, (timestamp) => sign('some-other-token', timestamp, body), { 'x-api-key': API_KEY });

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
  });
});

describe('npm start without LOCAL_WEBHOOK_SECRET_TOKEN', () => {
  it('prints a secret token of its own that verifies deliveries', async () => {
    const token = tokenOf(withoutToken);
    const body = JSON.stringify({ event: 'endpoint.url_validation', event_ts: Date.now(), payload: { plainToken: 'plain-demo-token' } });

    const response = await postWebhook(withoutToken.baseUrl, body, (timestamp) => sign(token, timestamp, body));

    expect(token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(token).not.toBe(SECRET_TOKEN);
    expect(await response.json()).toEqual({ plainToken: 'plain-demo-token', encryptedToken: createHmac('sha256', token).update('plain-demo-token').digest('hex') });
  });
});

describe('webhook:send with WEBHOOK_URL pointing at another npm start', () => {
  it('registers the meeting where it sends the event', async () => {
    const meeting = '86420975322';

    const sent = await webhookSend(withToken, ['meeting.started', meeting, '--register'], {
      WEBHOOK_URL: `${withoutToken.baseUrl}/webhooks/zoom`,
      LOCAL_WEBHOOK_SECRET_TOKEN: tokenOf(withoutToken),
      LOCAL_API_KEY: API_KEY,
    });

    expect(sent.output).toContain(`POST ${withoutToken.baseUrl}/webhooks/zoom meeting.started (signed) → 200`);
    expect(sent.output).toContain('"result":"start handed off"');
  });
});

async function waitFor<T>(child: ChildProcess, output: () => string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not become ready:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
