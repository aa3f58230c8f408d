import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RuntimeApi } from './runtime-api';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
export const RIC_DIR = path.join(REPOSITORY_ROOT, 'node_modules', 'aws-lambda-ric');
/** The client's entry (its package `bin`); it reads everything it needs from the environment. */
export const RIC_ENTRY = path.join(RIC_DIR, 'index.mjs');

/** The installed client's version, and whether its install scripts built the native Runtime API client. */
export function ricInstallation(): { version: string | undefined; nativeClientBuilt: boolean } {
  const manifest = path.join(RIC_DIR, 'package.json');
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
  return { version, nativeClientBuilt: existsSync(path.join(RIC_DIR, 'rapid-client.node')) };
}

export interface RicOptions {
  /** The code package's directory (Lambda's /var/task). */
  readonly taskRoot: string;
  /** Lambda's `Handler` setting, `file.export`. */
  readonly handler: string;
  readonly functionName: string;
  readonly memoryMb: number;
  /** The function's own variables, as the stack sets them, plus whatever aims the SDK at the emulators. */
  readonly env: Readonly<Record<string, string>>;
  readonly api: RuntimeApi;
  /** @default the Node that runs this process */
  readonly node?: string;
}

export interface RicProcess {
  readonly child: ChildProcess;
  /** Everything the function and the client wrote (stdout and stderr), so far. */
  output(): string;
  /** Resolves once the function asked for its first invocation; rejects, with the output, if the process exits first. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * One execution environment: `aws-lambda-ric` in a fresh process with the environment Lambda gives a
 * function (its variables, the reserved `AWS_LAMBDA_*`, `_HANDLER`, `LAMBDA_TASK_ROOT`), talking to `api`.
 */
export function startRic(options: RicOptions): RicProcess {
  const child = spawn(options.node ?? process.execPath, [RIC_ENTRY], {
    cwd: options.taskRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...options.env,
      _HANDLER: options.handler,
      LAMBDA_TASK_ROOT: options.taskRoot,
      AWS_LAMBDA_RUNTIME_API: options.api.address,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: options.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = Promise.race([
    options.api.initialised(),
    exited.then(({ code, signal }) => {
      throw new Error(`aws-lambda-ric exited (${signal ?? code}) before asking for an invocation:\n${output}`);
    }),
  ]);
  // A caller that only awaits `exited` must not see `ready` as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    child,
    output: () => output,
    ready,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
