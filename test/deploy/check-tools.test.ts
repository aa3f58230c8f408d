import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * `npm test` stops before the type-check, one line per missing tool, when moto_server or cfn-lint is
 * not on PATH; .ci/run says the same before `npm ci`. PATH holds only node, npm, sh and dirname plus a
 * folder of stub tools, so the machine's real tools cannot change the outcome.
 */
const ROOT = path.resolve(__dirname, '../..');
const MOTO_LINE = "moto_server is not on PATH; install it with: pip install 'moto[server]'";
const CFN_LINT_LINE = 'cfn-lint is not on PATH; install it with: pip install cfn-lint';
let scratch: string;
let base: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'zoom-check-tools-'));
  base = path.join(scratch, 'base');
  mkdirSync(base);
  symlinkSync(process.execPath, path.join(base, 'node'));
  for (const tool of ['npm', 'sh', 'dirname']) symlinkSync(findOnPath(tool), path.join(base, tool));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function stubs(name: string, tools: string[]): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) {
    writeFileSync(path.join(dir, tool), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dir, tool), 0o755);
  }
  return dir;
}

function run(command: string, args: string[], tools: string[]) {
  const toolDir = stubs(`tools-${tools.join('-') || 'none'}`, tools);
  return spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { HOME: process.env.HOME ?? tmpdir(), PATH: [toolDir, base].join(path.delimiter), npm_config_update_notifier: 'false' },
  });
}

/** npm's pretest, as `npm test` runs it first; `npm run pretest` so that a missing hook cannot start the suite. */
const pretest = (tools: string[]) => run(path.join(base, 'npm'), ['run', '--silent', 'pretest'], tools);
const lines = (text: string) => text.split('\n').filter((line) => line.includes(' is not on PATH'));

it('runs scripts/check-tools.ts before the type-check and jest', () => {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  expect(scripts.pretest).toBe('tsx scripts/check-tools.ts');
  expect(scripts.test).toBe('npm run build && jest');
});

it('names both tools and how to install them when neither is on PATH', () => {
  const result = pretest([]);

  expect(result.status).not.toBe(0);
  expect(lines(result.stderr)).toEqual([MOTO_LINE, CFN_LINT_LINE]);
});

it.each([
  [['moto_server'], [CFN_LINT_LINE]],
  [['cfn-lint'], [MOTO_LINE]],
])('with only %j on PATH, names just the other', (tools, expected) => {
  const result = pretest(tools);

  expect(result.status).not.toBe(0);
  expect(lines(result.stderr)).toEqual(expected);
});

it('passes silently when both are on PATH', () => {
  const result = pretest(['moto_server', 'cfn-lint']);

  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
});

it('prints the same lines from .ci/run, before it installs anything', () => {
  const result = run(findOnPath('bash'), [path.join(ROOT, '.ci', 'run')], []);

  expect(result.status).toBe(1);
  expect(lines(result.stderr)).toEqual([MOTO_LINE, CFN_LINT_LINE]);
  expect(result.stdout).toBe('');
});

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`${name} is not on PATH`);
}
