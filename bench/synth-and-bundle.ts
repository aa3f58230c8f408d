/**
 * npx tsx bench/synth-and-bundle.ts [--runs N] [--synth-runs N]
 *
 * Measures, on this machine and without AWS credentials:
 *  - `cdk synth` wall time (bundling included), median of --synth-runs (default 3);
 *  - each function's bundle: minified bytes of index.mjs (and gzip, and its source map);
 *  - each bundle's module-load time: a fresh `node` that imports index.mjs, minus a fresh bare
 *    `node -e ''`, median of --runs (default 25) interleaved pairs; once as deployed (with
 *    NODE_OPTIONS=--enable-source-maps) and once without it, to price the source-map option;
 *  - for comparison, the start bundle built the same way but with the AWS SDK left to the runtime
 *    (`@aws-sdk/*` external), the alternative live-stream-function.ts decided against.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { envWithoutAws } from '../local/env-without-aws';
import { median } from './stats';
import { FUNCTIONS } from '../functions/lib/handlers/function-catalogue';

const ROOT = path.resolve(__dirname, '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} expects a positive integer`);
  return value;
}

const RUNS = Math.max(20, option('--runs', 25));
const SYNTH_RUNS = option('--synth-runs', 3);

function envForBench(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // NODE_OPTIONS is the bench's to set: it prices --enable-source-maps on and off.
  const { NODE_OPTIONS: _ignored, ...env } = envWithoutAws();
  return { ...env, ...extra };
}

function timeMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function synthOnce(outdir: string): number {
  return timeMs(() => {
    const result = spawnSync(CDK, ['synth', '--quiet', '--output', outdir], {
      cwd: ROOT,
      env: envForBench(),
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`cdk synth failed:\n${result.stderr}`);
  });
}

/** What Lambda would give the module at load: the contract's variables and a region, no network. */
const LAMBDA_LIKE_ENV = {
  AWS_REGION: 'us-east-1',
  ZOOM_SECRET_ID: 'bench/zoom',
  ZOOM_API_BASE_URL: 'https://api.zoom.us/v2',
  ZOOM_OAUTH_TOKEN_URL: 'https://zoom.us/oauth/token',
  ZOOM_BODY_ENCODING: 'json',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_SERVICE_NAME: 'zoom-livestream',
};

function loadTimeMs(bundle: string, extraEnv: Record<string, string>): number {
  const env = envForBench({ ...LAMBDA_LIKE_ENV, ...extraEnv });
  const run = (args: string[]) => () => {
    const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stderr}`);
  };
  const loaded: number[] = [];
  const bare: number[] = [];
  // Interleaved so that a slower moment of the machine hits both sides alike.
  for (let i = 0; i < RUNS; i += 1) {
    bare.push(timeMs(run(['-e', ''])));
    loaded.push(timeMs(run(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(bundle).href)})`])));
  }
  return median(loaded) - median(bare);
}

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly gzip: number;
  readonly mapBytes: number;
  readonly loadMs: number;
  readonly loadNoMapsMs: number;
}

function measureBundle(name: string, file: string, extraEnv: Record<string, string> = {}): Row {
  const code = readFileSync(file);
  let mapBytes = 0;
  try {
    mapBytes = statSync(`${file}.map`).size;
  } catch {
    mapBytes = 0;
  }
  return {
    name,
    bytes: code.length,
    gzip: gzipSync(code).length,
    mapBytes,
    loadMs: loadTimeMs(file, { NODE_OPTIONS: '--enable-source-maps', ...extraEnv }),
    loadNoMapsMs: loadTimeMs(file, extraEnv),
  };
}

/** asset.<hash>/index.mjs of each function, named by the function's logical id. */
function functionBundles(outdir: string): Array<{ name: string; file: string }> {
  const template = JSON.parse(readFileSync(path.join(outdir, 'ZoomLiveStreamStack.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const hash = String(resource.Properties.Code?.S3Key ?? '').replace(/\.zip$/, '');
      return { name: logicalId.replace(/[0-9A-F]{8}$/, ''), file: path.join(outdir, `asset.${hash}`, 'index.mjs') };
    });
}

function sdkExternalVariant(workdir: string): string {
  const outfile = path.join(workdir, 'sdk-external', 'index.js');
  buildSync({
    entryPoints: [path.join(ROOT, 'functions/start.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*', '@smithy/*'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function main(): void {
  const workdir = mkdtempSync(path.join(tmpdir(), 'bench-synth-'));
  try {
    const synthTimes: number[] = [];
    for (let i = 0; i < SYNTH_RUNS; i += 1) synthTimes.push(synthOnce(path.join(workdir, `cdk.out.${i}`)));
    const outdir = path.join(workdir, 'cdk.out.0');

    const rows = functionBundles(outdir).map(({ name, file }) => measureBundle(name, file));
    // The runtime provides the SDK in Lambda; here the repository's node_modules stands in for it.
    rows.push(
      measureBundle('StartFunction, SDK external (not deployed)', sdkExternalVariant(workdir), {
        NODE_PATH: path.join(ROOT, 'node_modules'),
      }),
    );

    console.log(`node ${process.version}, ${process.arch}; load times: median of ${RUNS} fresh processes minus a bare node`);
    console.log(`cdk synth (${Object.keys(FUNCTIONS).length} functions bundled, no AWS credentials): median ${(median(synthTimes) / 1000).toFixed(2)} s of ${synthTimes.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
    console.log('');
    const header = ['bundle', 'index.mjs', 'gzip', 'index.mjs.map', 'load with --enable-source-maps', 'load as deployed'];
    const lines = rows.map((row) => [
      row.name,
      `${row.bytes} B (${kb(row.bytes)})`,
      kb(row.gzip),
      kb(row.mapBytes),
      `${row.loadMs.toFixed(1)} ms`,
      `${row.loadNoMapsMs.toFixed(1)} ms`,
    ]);
    const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => (line[column] ?? '').length)));
    for (const line of [header, widths.map((width) => '-'.repeat(width)), ...lines]) {
      console.log(line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | '));
    }
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

main();
