import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { sourceMappedStack } from '../../functions/lib/core/logger';

/** A minified bundle with its map beside it, as the functions are deployed, whose code throws. */
let dir: string;
let thrower: () => void;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mapped-stack-'));
  const source = path.join(dir, 'thrower.ts');
  writeFileSync(source, ['export function fail(): void {', '  const reason: string = "boom";', '  throw new Error(reason);', '}', ''].join('\n'));
  buildSync({ entryPoints: [source], outfile: path.join(dir, 'bundle.cjs'), bundle: true, minify: true, sourcemap: true, format: 'cjs', platform: 'node', logLevel: 'silent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  thrower = (require(path.join(dir, 'bundle.cjs')) as { fail: () => void }).fail;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(): Error {
  try {
    thrower();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

it('points a bundle frame at the TypeScript line that threw', () => {
  const stack = sourceMappedStack(thrown()) ?? '';

  expect(stack).toMatch(/thrower\.ts:3:\d+/);
  expect(stack).not.toMatch(/bundle\.cjs:1:\d+/);
});

it('keeps the message and the frames that have no map', () => {
  const error = thrown();
  const stack = sourceMappedStack(error) ?? '';

  expect(stack.split('\n')[0]).toBe('Error: boom');
  expect(stack).toContain('source-mapped-stack.test.ts');
});
