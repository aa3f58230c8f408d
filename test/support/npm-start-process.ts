import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freeLoopbackPort } from './free-port';

export const ROOT = path.join(__dirname, '../..');

export interface NpmStart {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** `npm start` as a user runs it, in a process group of its own, ready once its banner is printed. */
export async function npmStart(env: NodeJS.ProcessEnv): Promise<NpmStart> {
  const port = await freeLoopbackPort();
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; !/Ctrl-C stops/.test(output); i += 1) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (i > 1200) throw new Error(`npm start did not become ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    output: () => output,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-(child.pid as number), 'SIGINT');
      await exited;
    },
  };
}

/** `npm run <script> -- …` to completion: its exit code and everything it printed. */
export function npmRun(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string; ms: number }> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, ms: Date.now() - startedAt }));
  });
}
