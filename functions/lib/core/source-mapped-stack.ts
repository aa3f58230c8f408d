import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

const maps = new Map<string, SourceMap | undefined>();
const FRAME = /(?:file:\/\/)?(\/[^\s():]+\.[cm]?js):(\d+):(\d+)/;

/**
 * `error.stack` with the bundle's frames pointing at the TypeScript sources, read from the source
 * map beside the bundle. Done only when an unexpected error is logged, so that no cold start pays
 * for parsing the map (which `--enable-source-maps` would do on every one). Frames without a map
 * beside their file (running from source, Node's own) are left as they are.
 */
export function sourceMappedStack(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .map((line) => line.replace(FRAME, (frame, file: string, line: string, column: string) => mapFrame(file, Number(line), Number(column)) ?? frame))
    .join('\n');
}

function mapFrame(file: string, line: number, column: number): string | undefined {
  const map = mapOf(file);
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
  return `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const mapFile = `${file}.map`;
      if (existsSync(mapFile)) map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}
