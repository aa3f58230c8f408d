import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * `functions/` keeps one room per concern, and every import points one way, down:
 * entry files → handlers (the composition root and the event adapters' frames) → aws, memory
 * (the adapters of the ports) → use-cases (the rules, and the ports they need) → http (reading
 * events and writing answers) → zoom (Zoom's API) → core (the records and rules of the domain).
 * A module may import its own room and any room below it, never one above or beside it.
 */
const ROOT = path.resolve(__dirname, '../../functions');
const RANK: Record<string, number> = { core: 0, zoom: 1, http: 2, 'use-cases': 3, aws: 4, memory: 4, handlers: 5, entry: 6 };

function roomOf(file: string): string {
  const relative = path.relative(ROOT, file).split(path.sep);
  if (relative.length === 1) return 'entry';
  if (relative[0] !== 'lib' || relative.length !== 3) throw new Error(`${file} is outside the rooms of functions/lib`);
  return relative[1] as string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((match) => path.resolve(path.dirname(file), match[1] as string) + '.ts');
}

const files = sourceFiles(ROOT);

it('finds every module in a known room', () => {
  expect(files.length).toBeGreaterThan(40);
  for (const file of files) expect(Object.keys(RANK)).toContain(roomOf(file));
});

it.each(files.map((file) => [path.relative(ROOT, file), file] as const))('%s imports only its own room and rooms below it', (_, file) => {
  const from = roomOf(file);
  const upward = relativeImports(file)
    .map((target) => ({ target: path.relative(ROOT, target), room: roomOf(target) }))
    .filter(({ room }) => room !== from && (RANK[room] as number) >= (RANK[from] as number));
  expect(upward).toEqual([]);
});

it('keeps the AWS SDK and axios out of the core room', () => {
  const core = files.filter((file) => roomOf(file) === 'core');
  for (const file of core) expect(readFileSync(file, 'utf8')).not.toMatch(/from '(@aws-sdk\/|axios)/);
});

it('keeps the AWS SDK out of every room but the AWS adapters and the composition root', () => {
  const allowed = new Set(['aws', 'handlers']);
  const offenders = files.filter((file) => !allowed.has(roomOf(file)) && /from '@aws-sdk\//.test(readFileSync(file, 'utf8')));
  expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
});
