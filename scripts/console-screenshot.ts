import * as path from 'node:path';
import { startLocalSystem } from '../local/local-system';
import { launchChromium } from '../test/browser/chromium';
import { seedConsoleDemo } from '../test/browser/console-demo';

/**
 * Takes docs/console.png: the console under `npm start` with a morning's registrations, a live
 * meeting and a failed start, in headless Chromium at a laptop's size.
 */
async function main(): Promise<void> {
  const apiKey = 'console-screenshot-key';
  const system = await startLocalSystem({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOCAL_API_KEY: apiKey });
  const chromium = await launchChromium({ width: 1366, height: 1000 });
  try {
    await seedConsoleDemo(system, apiKey);
    const { page } = chromium;
    await page.goto(`${system.api.url}/console`);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.locator('body[data-loaded="true"]').waitFor();
    const out = path.join(__dirname, '..', 'docs', 'console.png');
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await chromium.close();
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
