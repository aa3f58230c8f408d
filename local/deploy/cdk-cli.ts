import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../..');
const CDK = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'cdk');

export interface RunCdkOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Receives every line the CLI writes (both streams); the last lines also go into a failure's message. */
  readonly onLine?: (line: string) => void;
}

/** Runs the project's CDK CLI in the repository root; rejects with the output's tail when it fails. */
export function runCdk(args: readonly string[], options: RunCdkOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(CDK, args, { cwd: REPOSITORY_ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        options.onLine?.(line);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => reject(new Error(`cannot run ${CDK}: ${error.message}; run 'npm ci' first`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`cdk ${args[0]} failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
    });
  });
}
