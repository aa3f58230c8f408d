import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkEmulator, unhealthyEmulatorMessage } from './emulator-health';
import { isolatedAwsEnv, localAwsEndpoint } from './local-aws';

export interface LocalMoto {
  readonly endpoint: string;
  /** Set when this call started moto; it keeps running after the caller exits unless stopped. */
  readonly startedPid?: number;
  readonly logFile?: string;
  /** Set when this call started moto: stops it (the whole process group) and waits for it to exit. */
  readonly stop?: () => Promise<void>;
}

export interface EnsureMotoOptions {
  readonly port: number;
  /**
   * Interface moto binds to when it has to be started. Loopback by default; SAM's containers on Linux
   * reach the host only through the Docker bridge, for which `0.0.0.0` is needed.
   * @default 127.0.0.1
   */
  readonly host?: string;
  /** @default 30000 */
  readonly readyTimeoutMs?: number;
  /** How the user picks another port, for the message about a taken one. @default LOCAL_AWS_PORT advice */
  readonly otherPort?: string;
  /** The caller's environment; moto gets it without any AWS_* or CDK_* variable. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Uses the healthy moto already answering on the port, or starts `moto_server` there, detached: moto
 * keeps a deployment in memory only, so it must outlive the deploy for the deployment to be inspected.
 * Refuses a port where anything else answers, a broken moto included: deploying into it fails late,
 * with errors that do not point at the port.
 */
export async function ensureMoto(options: EnsureMotoOptions): Promise<LocalMoto> {
  const endpoint = localAwsEndpoint(options.port);
  const otherPort = options.otherPort ?? 'set LOCAL_AWS_PORT to a free port (e.g. LOCAL_AWS_PORT=5055)';
  const health = await checkEmulator(endpoint);
  if (health.state === 'healthy') return { endpoint };
  if (health.state === 'unhealthy') throw new Error(unhealthyEmulatorMessage(options.port, health.reason, otherPort));

  const logFile = path.join(tmpdir(), `zoom-livestream-moto-${options.port}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn('moto_server', ['-H', options.host ?? '127.0.0.1', '-p', String(options.port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...isolatedAwsEnv(options.env ?? process.env), PYTHONUNBUFFERED: '1' },
  });
  closeSync(log);
  child.unref();
  const stop = () => stopProcessGroup(child);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`cannot start moto_server (${error.message}); install it with: pip install 'moto[server]'`)),
    ),
  );

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const ready = (async () => {
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}; see ${logFile}`);
      const now = await checkEmulator(endpoint, 500);
      if (now.state === 'healthy') return;
      // A moto that answers but is broken stays broken; waiting out the timeout would only hide why.
      if (now.state === 'unhealthy') throw new Error(`moto_server started but is not usable (${now.reason}); see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`moto_server did not answer on ${endpoint} within ${readyTimeoutMs} ms; see ${logFile}`);
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, startedPid: child.pid, logFile, stop };
}

/**
 * SIGTERM to the group `detached` made, so a wrapper (pyenv's shim, a venv launcher) cannot leave the
 * real server running; SIGKILL after 5 s.
 */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const killer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}
