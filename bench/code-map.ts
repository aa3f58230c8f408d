/**
 * `npm run bench:code-map`: how far a reader travels, counted by following relative imports.
 *
 * - the files on the import paths of a webhook start: from `functions/webhook.ts` to the start
 *   queue's adapter (the hand-off), and from `functions/start-worker.ts` to the Zoom client that
 *   sends the PATCH; a file counts when the entry reaches it and it reaches the end;
 * - every file each entry reaches at all;
 * - the modules under `functions/lib`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { FUNCTIONS } from '../functions/lib/handlers/function-catalogue';

const ROOT = path.resolve(__dirname, '..');
const file = (relative: string) => path.join(ROOT, relative);

function imports(from: string): string[] {
  const text = readFileSync(from, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
    .map((match) => path.resolve(path.dirname(from), match[1] as string) + '.ts')
    .filter((target) => existsSync(target));
}

const reachCache = new Map<string, Set<string>>();
function reach(from: string): Set<string> {
  const known = reachCache.get(from);
  if (known) return known;
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length > 0) {
    const next = todo.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...imports(next));
  }
  reachCache.set(from, seen);
  return seen;
}

const onPath = (from: string, to: string): string[] => [...reach(from)].filter((candidate) => reach(candidate).has(to));

function countModules(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const full = path.join(dir, name);
    return sum + (statSync(full).isDirectory() ? countModules(full) : name.endsWith('.ts') ? 1 : 0);
  }, 0);
}

const handOff = onPath(file('functions/webhook.ts'), file('functions/lib/aws/sqs-queues.ts'));
const patch = onPath(file('functions/start-worker.ts'), file('functions/lib/zoom/zoom-api.ts'));
const crossed = [...new Set([...handOff, ...patch])].map((f) => path.relative(ROOT, f)).sort();

console.log(`a webhook start, entry to PATCH: ${crossed.length} files (webhook to the hand-off ${handOff.length}, worker to the PATCH ${patch.length})`);
for (const name of crossed) console.log(`  ${name}`);
console.log('\nfiles each entry reaches:');
for (const [name, entry] of Object.entries(FUNCTIONS)) console.log(`  ${name.padEnd(12)} ${reach(file(entry.entry)).size}`);
console.log(`\nmodules under functions/lib: ${countModules(file('functions/lib'))}`);
