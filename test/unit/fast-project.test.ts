import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The fast jest project (test/unit, test/fast) stays fast: nothing it loads, however indirectly,
 * starts moto_server, the Zoom simulator, a browser or the local system. And test/fast reaches the
 * code under test through one seam, support.ts, so that moving a module changes one file.
 */
const TEST = path.resolve(__dirname, '..');
const REPO = path.resolve(TEST, '..');
const FAST_DIRS = ['unit', 'fast'].map((dir) => path.join(TEST, dir));
const FORBIDDEN = ['test/support', 'test/zoom-simulator', 'test/browser', 'test/local', 'test/integration', 'local'].map((dir) => path.join(REPO, dir) + path.sep);
const SEAM = path.join(TEST, 'fast', 'support.ts');

const tsFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name));

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']+)'/g)].map((match) => {
    const base = path.resolve(path.dirname(file), match[1] as string);
    return [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts')) ?? `${base}.ts`;
  });
}

/** Every module reachable from `file` through relative imports, with the chain that reaches it. */
function reachable(file: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[file, [file]]]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const next of relativeImports(current)) {
      if (seen.has(next) || !existsSync(next)) continue;
      seen.set(next, [...(seen.get(current) as string[]), next]);
      queue.push(next);
    }
  }
  return seen;
}

const fastFiles = FAST_DIRS.flatMap(tsFiles);
const relative = (file: string) => path.relative(REPO, file);

it('finds the fast project’s files', () => {
  expect(fastFiles.map(relative)).toEqual(expect.arrayContaining(['test/fast/support.ts', 'test/fast/start-job.test.ts', 'test/unit/architecture.test.ts']));
});

it.each(fastFiles.map((file) => [relative(file), file] as const))('%s loads neither moto, nor the simulator, nor a browser, nor the local system', (_, file) => {
  const forbidden = [...reachable(file).entries()].filter(([module]) => FORBIDDEN.some((dir) => module.startsWith(dir))).map(([, chain]) => chain.map(relative).join(' → '));
  expect(forbidden).toEqual([]);
});

it('keeps test/fast on one seam: only support.ts imports from outside test/fast', () => {
  const outside = tsFiles(path.join(TEST, 'fast'))
    .filter((file) => file !== SEAM)
    .flatMap((file) => relativeImports(file).filter((target) => path.dirname(target) !== path.join(TEST, 'fast')).map((target) => `${relative(file)} → ${relative(target)}`));
  expect(outside).toEqual([]);
});
