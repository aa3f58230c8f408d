import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface BundleInvocation {
  readonly outcome: { ok: true; result: unknown } | { ok: false; error: { name?: string; message?: string } };
  /** Everything the function wrote (its log lines). */
  readonly output: string;
}

export interface RunBundleOptions {
  /** Directory holding the extracted code package. */
  readonly codeDir: string;
  /** Lambda's `Handler` setting, `file.export`. */
  readonly handler: string;
  /** The complete environment of the process: the function's variables plus what the runtime adds. */
  readonly env: NodeJS.ProcessEnv;
  readonly event: unknown;
  /** The function's timeout. */
  readonly timeoutMs: number;
}

/** Invokes a bundled handler in a child `node` (the runner above), as Lambda's Node.js runtime would. */
export function runBundle(options: RunBundleOptions): Promise<BundleInvocation> {
  const dot = options.handler.lastIndexOf('.');
  // Lambda's Node.js runtime takes index.mjs, index.cjs or index.js, in that order.
  const base = path.join(options.codeDir, options.handler.slice(0, dot));
  const bundleFile = ['.mjs', '.cjs', '.js'].map((ext) => `${base}${ext}`).find((file) => existsSync(file)) ?? `${base}.js`;
  const handlerName = options.handler.slice(dot + 1);
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'bundle-runner.cjs'), [bundleFile, handlerName], {
      cwd: options.codeDir,
      env: options.env,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    let outcome: BundleInvocation['outcome'] | undefined;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('message', (message) => (outcome = message as BundleInvocation['outcome']));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs + 5000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      if (outcome) resolve({ outcome, output });
      else reject(new Error(`bundle ${bundleFile} exited (${signal ?? code}) without an answer:\n${output}`));
    });
    child.send({ event: options.event, timeoutMs: options.timeoutMs });
  });
}
