/**
 * `npm test`'s pretest: stops at once when a tool the tests run is not on PATH, one line per tool.
 * Without moto_server the emulator tests hang until their timeouts; without cfn-lint the template
 * check fails with a bare diff. A pretest rather than a jest globalSetup, because it then runs before
 * the type-check and never blocks `npx jest <file>` for tests that need neither tool.
 * .ci/run checks the same tools, with the same lines, before `npm ci`.
 */
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export const REQUIRED_TOOLS = [
  { name: 'moto_server', install: "pip install 'moto[server]'" },
  { name: 'cfn-lint', install: 'pip install cfn-lint' },
] as const;

/** One line per required tool that no PATH directory holds as an executable. */
export function missingToolLines(pathVariable: string = process.env.PATH ?? ''): string[] {
  const dirs = pathVariable.split(path.delimiter).filter((dir) => dir !== '');
  return REQUIRED_TOOLS.filter((tool) => !dirs.some((dir) => isExecutable(path.join(dir, tool.name)))).map(
    (tool) => `${tool.name} is not on PATH; install it with: ${tool.install}`,
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser the console's browser test drives (test/browser/chromium.ts): a file, not a PATH
 * entry, since Debian installs it at /usr/bin/chromium and CHROMIUM_PATH may name another.
 */
export function missingBrowserLines(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
  return isExecutable(chromium) ? [] : [`chromium is not installed at ${chromium}; install it with: apt-get install -y chromium (or set CHROMIUM_PATH)`];
}

if (require.main === module) {
  const lines = [...missingToolLines(), ...missingBrowserLines()];
  for (const line of lines) console.error(line);
  if (lines.length > 0) process.exitCode = 1;
}
