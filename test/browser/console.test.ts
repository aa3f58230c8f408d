import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './chromium';
import { startLocalSystem, type LocalSystem } from '../../local/local-system';

/**
 * The operator console in a real browser (Debian's chromium, headless) against the system as
 * `npm start` runs it: the page asks for the key, lists a live meeting and a failed start, retries
 * it all the way to Zoom (the simulator), and shows a field full of markup as text.
 */
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const KEY = 'console-test-key';
const LIVE_ID = '81234567890';
const FAILING_ID = '82345678901';
const HOSTILE = '<img src=x onerror="window.__xss=1">';

let system: LocalSystem;
let chromium: Chromium;
let page: Page;
const consoleErrors: string[] = [];

const api = async (method: string, route: string, body?: unknown) => {
  const response = await fetch(`${system.api.url}${route}`, {
    method,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a test's steps; on failure keeps a screenshot of the page in test-artifacts/ (git-ignored). */
async function withScreenshot(name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page?.screenshot({ path: path.join(ARTIFACTS, `console-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

beforeAll(async () => {
  // Absent Chromium fails here, naming the package: never a skipped test.
  system = await startLocalSystem({ PORT: '0', HOST: '127.0.0.1', LOCAL_API_KEY: KEY });
  const zoom = system.simulator!;
  // A meeting that streams, registered with a display name full of markup.
  zoom.addMeeting(LIVE_ID, { status: 'started', topic: HOSTILE });
  expect((await api('PUT', `/meetings/${LIVE_ID}/livestream/auto-start`, { settings: { display_name: HOSTILE } })).status).toBe(200);
  const started = await api('POST', `/meetings/${LIVE_ID}/livestream/start`, { settings: { display_name: 'Town hall' } });
  expect([started.status, started.body.error]).toEqual([200, undefined]);
  await until('the live meeting', async () => ((await api('GET', '/livestreams?state=live')).body.items.length ? true : undefined));
  // A scheduled start of a meeting without a configured stream: refused for good, recorded.
  zoom.addMeeting(FAILING_ID, { streamConfigured: false });
  await system.startQueue.send(JSON.stringify({ meetingId: FAILING_ID }), 0);
  await until('the failure', async () => ((await api('GET', '/failures')).body.items.length ? true : undefined));

  chromium = await launchChromium();
  page = chromium.page;
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await system?.close();
});

it('loads with a strict content-security-policy and asks for the API key', () =>
  withScreenshot('load', async () => {
    const response = await page.goto(`${system.api.url}/console`);

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('API key').waitFor();
    expect(await page.locator('#board').isHidden()).toBe(true);
  }));

it('lists the live meeting and the failure once the key is given, keeping the key in the tab only', () =>
  withScreenshot('lists', async () => {
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Connect' }).click();

    await page.locator('#live li', { hasText: LIVE_ID }).waitFor();
    await page.locator('#failures li', { hasText: FAILING_ID }).waitFor();
    expect(await page.locator('#failures li', { hasText: FAILING_ID }).textContent()).toContain('STREAM_NOT_CONFIGURED');
    const storage = await page.evaluate(() => {
      const browser = globalThis as unknown as { sessionStorage: { getItem(key: string): string | null }; localStorage: { length: number } };
      return [browser.sessionStorage.getItem('zoom-livestream.apiKey'), browser.localStorage.length];
    });
    expect(storage).toEqual([KEY, 0]);
  }));

it('shows a field full of markup as text', () =>
  withScreenshot('markup', async () => {
    const row = page.locator('#registrations tbody tr', { hasText: LIVE_ID });

    expect(await row.locator('td.settings').textContent()).toContain(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }));

it('retries the failure all the way to Zoom and shows it retried', () =>
  withScreenshot('retry', async () => {
    const zoom = system.simulator!;
    // The operator fixes the cause (configures the stream), then retries.
    const configured = await api('PUT', `/meetings/${FAILING_ID}/livestream`, {
      stream_url: 'rtmp://live.example.com/app',
      stream_key: 'console-test-stream-key',
      page_url: 'https://example.com/live',
    });
    expect(configured.status).toBe(200);
    zoom.clearRequests();

    await page.locator('#failures li', { hasText: FAILING_ID }).getByRole('button', { name: /Retry/ }).click();

    await until('the retried start at Zoom', async () =>
      zoom.apiRequests.some((r) => r.method === 'PATCH' && r.meetingId === FAILING_ID && r.parsed?.action === 'start' && r.status === 204) ? true : undefined,
    );
    await page.locator('#failures li', { hasText: FAILING_ID }).getByText('retried').waitFor();
    const failure = (await api('GET', '/failures')).body.items.find((item: { id: string }) => item.id === FAILING_ID);
    expect(failure.retried).toEqual(expect.any(String));
  }));

it('logged no error in the browser console along the way', () => {
  expect(consoleErrors).toEqual([]);
});
