import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { esbuildOptions } from '../../infra/bundling';

/**
 * Each Lambda bundles what it runs: the composition root builds a function's parts in a builder of
 * its own, so esbuild (as the stack runs it) leaves every other adapter out. Read from esbuild's
 * own account of what went into each bundle.
 */
const ROOT = path.resolve(__dirname, '../..');

interface Bundle {
  readonly inputs: string[];
  /** The bundle's code, for what lives inside a module that is only partly bundled. */
  readonly code: string;
}

async function bundleOf(name: CatalogueName): Promise<Bundle> {
  const entry = path.join(ROOT, FUNCTIONS[name].entry);
  const result = await build({ ...esbuildOptions(entry, path.join(ROOT, 'cdk.out.test', `${name}.mjs`)), write: false, metafile: true, absWorkingDir: ROOT });
  const output = Object.values((result.metafile as Metafile).outputs).find((o) => o.entryPoint);
  // Only what reached the bundle: a module esbuild shook out entirely has no bytes in it.
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
  return { inputs, code };
}

const has = (inputs: string[], part: string) => inputs.some((file) => file.includes(part));

let bundles: Record<string, string[]>;
let code: Record<string, string>;

beforeAll(async () => {
  const names = Object.keys(FUNCTIONS) as CatalogueName[];
  const built = await Promise.all(names.map(async (name) => [name, await bundleOf(name)] as const));
  bundles = Object.fromEntries(built.map(([name, bundle]) => [name, bundle.inputs]));
  code = Object.fromEntries(built.map(([name, bundle]) => [name, bundle.code]));
}, 60_000);

it("keeps Zoom's API client, the start job's run and the Scheduler client out of the webhook", () => {
  const webhook = bundles.webhook as string[];
  for (const part of ['node_modules/axios/', 'node_modules/form-data/', '@aws-sdk/client-scheduler', '@aws-sdk/client-sns', 'functions/lib/zoom/zoom-api.ts', 'functions/lib/zoom/token-provider.ts', 'functions/lib/use-cases/change-live-stream.ts', 'node_modules/zod/']) {
    expect({ part, bundled: has(webhook, part) }).toEqual({ part, bundled: false });
  }
  // start-job.ts is in it for the jobs it builds; the worker's part of that module is not.
  expect(code.webhook).not.toContain('re-arm of the next occurrence');
  expect(code.startWorker).toContain('re-arm of the next occurrence');
  // What it does run: the secret, the store, the hand-off.
  for (const part of ['@aws-sdk/client-secrets-manager', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs', 'functions/lib/use-cases/webhook-events.ts']) {
    expect({ part, bundled: has(webhook, part) }).toEqual({ part, bundled: true });
  }
});

it('keeps the in-process queue of npm start out of every bundle', () => {
  for (const [name, inputs] of Object.entries(bundles)) expect({ name, bundled: has(inputs, 'local/') }).toEqual({ name, bundled: false });
});

it('gives Zoom and SNS only to the functions that use them', () => {
  for (const [name, inputs] of Object.entries(bundles)) {
    const entry = FUNCTIONS[name as CatalogueName];
    const callsZoom = entry.callsZoom !== false && !entry.uses.webhookSecretOnly;
    expect({ name, axios: has(inputs, 'node_modules/axios/') }).toEqual({ name, axios: callsZoom });
    expect({ name, sns: has(inputs, '@aws-sdk/client-sns') }).toEqual({ name, sns: entry.uses.publishesFailures === true });
    expect({ name, scheduler: has(inputs, '@aws-sdk/client-scheduler') }).toEqual({ name, scheduler: entry.uses.managesSchedules === true });
  }
});

it('serves the console without any AWS SDK client', () => {
  expect(has(bundles.console as string[], '@aws-sdk/')).toBe(false);
});
