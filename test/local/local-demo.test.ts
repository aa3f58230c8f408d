import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { npmRun, npmStart, type NpmStart } from '../support/npm-start-process';

/**
 * The local demo as the README runs it, each command a child process talking over real HTTP:
 * npm start fires a configured schedule at its time, serves its webinar, and the scripts act on
 * the running npm start or say that it is gone.
 */
const API_KEY = 'local-demo-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'zoom-local-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LOCAL_API_KEY: API_KEY, LOCAL_SESSION_FILE: path.join(dir, `${name}.json`) };
  delete base.WEBHOOK_URL;
  delete base.LOCAL_WEBHOOK_SECRET_TOKEN;
  delete base.SCHEDULES_FILE;
  return { ...base, ...extra };
}

const api = async (started: NpmStart, method: string, p: string, body?: string) => {
  const response = await fetch(`${started.baseUrl}${p}`, { method, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as any };
};

/** `at(…)` a few seconds from now, in UTC, as a schedule entry writes it. */
const atSecondsFromNow = (seconds: number) => `at(${new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19)})`;

it('fires a configured schedule at its time through the start queue', async () => {
  const meeting = '86420975411';
  const file = path.join(dir, 'soon.json');
  writeFileSync(file, JSON.stringify([{ name: 'soon', meetingId: meeting, start: atSecondsFromNow(12), timezone: 'UTC', settings: { display_name: 'Soon' } }]));
  const started = await npmStart(env('schedule', { SCHEDULES_FILE: file }));
  try {
    for (let i = 0; i < 400 && !/schedule soon start fired/.test(started.output()); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    let described = await api(started, 'GET', `/meetings/${meeting}/livestream`);
    for (let i = 0; i < 100 && described.body.stream.state !== 'live'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      described = await api(started, 'GET', `/meetings/${meeting}/livestream`);
    }

    expect(started.output()).toMatch(/schedule soon start fired at \S+: start queued for the start worker/);
    expect(described.body.stream).toMatchObject({ state: 'live' });
  } finally {
    await started.stop();
  }
}, 90_000);

describe('a running npm start', () => {
  let started: NpmStart;
  beforeAll(async () => {
    started = await npmStart(env('running'));
  }, 60_000);
  afterAll(() => started.stop());

  it('names the webinar its simulator has, and streams it', async () => {
    const webinar = /webinar (\d+) is a running webinar/.exec(started.output())?.[1] as string;

    const answer = await api(started, 'POST', `/webinars/${webinar}/livestream/start`, '{"settings":{"display_name":"Webinar"}}');

    expect(answer).toEqual({ status: 200, body: { webinarId: webinar, action: 'start', status: 'ok' } });
  });

  it("lets webhook:send wait out Zoom's 30-second rule after an HTTP start and stop, and see the stream live", async () => {
    const meeting = '86420975412';
    expect((await api(started, 'POST', `/meetings/${meeting}/livestream/start`)).status).toBe(200);
    expect((await api(started, 'POST', `/meetings/${meeting}/livestream/stop`)).status).toBe(200);

    const sent = await npmRun('webhook:send', ['meeting.started', meeting, '--register'], env('running'));

    expect(sent.output).toContain('"result":"start handed off"');
    expect(sent.output).toMatch(/stream live since \S+/);
    expect(sent.code).toBe(0);
  }, 120_000);
});

it('webhook:send says npm start is not running, and how to start it, once it has stopped', async () => {
  const started = await npmStart(env('stopped'));
  await started.stop();

  const sent = await npmRun('webhook:send', ['meeting.started', '86420975413'], env('stopped'));

  expect(sent.code).toBe(2);
  expect(sent.output).toContain(`npm start is not running at ${started.baseUrl}/webhooks/zoom`);
  expect(sent.output).toContain('start it in another terminal with `npm start`');
  expect(sent.output).not.toContain('fetch failed');
}, 60_000);
