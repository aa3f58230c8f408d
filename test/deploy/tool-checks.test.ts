import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../support/free-port';

/**
 * The SAM and LocalStack scripts stop at once, non-zero, with a message naming what is missing,
 * before synthesizing or starting anything. PATH holds only a folder of stubs and a folder linking the
 * few programs the scripts run before their checks, so a real `sam` or `docker` on the machine cannot
 * change the outcome.
 */
const ROOT = path.resolve(__dirname, '../..');
const BASE_TOOLS = ['dirname', 'ls', 'tr', 'uname'];
let stubs: string;
let baseTools: string;
let bash: string;

beforeAll(() => {
  stubs = mkdtempSync(path.join(tmpdir(), 'zoom-tool-stubs-'));
  baseTools = path.join(stubs, 'base');
  mkdirSync(baseTools);
  symlinkSync(process.execPath, path.join(baseTools, 'node'));
  for (const tool of BASE_TOOLS) symlinkSync(findOnPath(tool), path.join(baseTools, tool));
  bash = findOnPath('bash');
});

afterAll(() => {
  rmSync(stubs, { recursive: true, force: true });
});

/** A folder of executables named after tools, each exiting with the given code. */
function stubFolder(name: string, tools: Record<string, number>): string {
  const dir = path.join(stubs, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [tool, code] of Object.entries(tools)) {
    const file = path.join(dir, tool);
    writeFileSync(file, `#!/bin/sh\necho "${tool} stub"\nexit ${code}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

function run(script: string, args: string[], pathDirs: string[], env: Record<string, string> = {}) {
  return spawnSync(bash, [path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { HOME: process.env.HOME ?? '/tmp', PATH: [...pathDirs, baseTools].join(':'), ...env },
  });
}

describe.each([
  ['sam-start-api.sh', []],
  ['sam-invoke.sh', ['start']],
])('scripts/%s', (script, args) => {
  it('fails naming the SAM CLI when sam is not on PATH', () => {
    const result = run(script, args, [stubFolder('no-sam', { docker: 0 })]);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the AWS SAM CLI ('sam') is not on PATH");
  });

  it('fails naming Docker when sam is there but docker is not', () => {
    const result = run(script, args, [stubFolder('sam-only', { sam: 0 })]);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Docker is not installed ('docker' is not on PATH)");
  });

  it('fails naming the Docker engine when `docker info` fails (client without engine)', () => {
    const result = run(script, args, [stubFolder('engine-down', { sam: 0, docker: 1 })]);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("no running Docker engine ('docker info' failed)");
  });
});

describe('scripts/sam-invoke.sh', () => {
  it('fails with its usage for an action other than start or stop', () => {
    const result = run('sam-invoke.sh', ['restart'], [stubFolder('all-tools', { sam: 0, docker: 0 })]);

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('usage: npm run sam:invoke -- start|stop|meetings|webhook|startWorker [event.json]');
  });
});

describe('scripts/deploy-localstack.sh', () => {
  it('fails naming the endpoint when LocalStack does not answer', async () => {
    const closedPort = await freeLoopbackPort();
    const endpoint = `http://127.0.0.1:${closedPort}`;

    const result = run('deploy-localstack.sh', [], [], { LOCALSTACK_ENDPOINT: endpoint });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`LocalStack is not reachable at ${endpoint}`);
  });
});

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`${name} is not on PATH`);
}

