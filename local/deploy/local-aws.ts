import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { envWithoutAws } from '../env-without-aws';

/** Region and fake credentials for the emulator; never an account's real ones. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'testing', secretAccessKey: 'testing' });
export const DEFAULT_LOCAL_AWS_PORT = 5000;

/** `LOCAL_AWS_PORT` (CONTRACT "Running locally"), checked. */
export function localAwsPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LOCAL_AWS_PORT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_LOCAL_AWS_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`LOCAL_AWS_PORT must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

/**
 * `localhost`, not `127.0.0.1`: the CDK CLI hands CloudFormation the template's S3 URL built from this
 * endpoint, and moto reads a dotted-quad host as a virtual-hosted bucket name ("127"), so the deploy
 * cannot find its own template.
 */
export function localAwsEndpoint(port: number): string {
  return `http://localhost:${port}`;
}

/**
 * The environment for a child process (CDK CLI, `node`) that must reach the emulator and nothing else:
 * every AWS_* and CDK_* variable of the caller is dropped (a profile, SSO session or real key must
 * never reach a local deploy), the shared config files are pointed at nothing, and fake credentials,
 * the region and the endpoint are set.
 */
export function localAwsEnv(endpoint: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const nowhere = path.join(tmpdir(), 'zoom-livestream-no-aws-config');
  return {
    ...envWithoutAws(base),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    // The SDK's notice about Node.js 20 concerns this tooling, not the Lambda runtime (22).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * True when moto answers on this endpoint. Its `/moto-api/config` is cheap and moto-specific;
 * `/moto-api/data.json` is not usable here: it answers 500 once a CloudFormation stack is deployed.
 */
export async function isMotoAnswering(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(timeoutMs) });
    const config = (await response.json()) as unknown;
    return response.ok && typeof config === 'object' && config !== null && 'lambda' in config;
  } catch {
    return false;
  }
}

/** True when anything accepts HTTP on the endpoint (to tell "moto" from "something else on the port"). */
async function isAnythingAnswering(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export interface LocalMoto {
  readonly endpoint: string;
  /** Set when this call started moto; it keeps running after the caller exits. */
  readonly startedPid?: number;
  readonly logFile?: string;
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
}

/**
 * Uses the moto already answering on the port, or starts `moto_server` there, detached: moto keeps the
 * deployed stack in memory only, so it must outlive the deploy for the deployment to be inspected.
 */
export async function ensureMoto(options: EnsureMotoOptions): Promise<LocalMoto> {
  const endpoint = localAwsEndpoint(options.port);
  if (await isMotoAnswering(endpoint)) return { endpoint };
  if (await isAnythingAnswering(endpoint)) {
    throw new Error(`port ${options.port} answers HTTP but not as moto_server; free it or set LOCAL_AWS_PORT`);
  }

  const logFile = path.join(tmpdir(), `zoom-livestream-moto-${options.port}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn('moto_server', ['-H', options.host ?? '127.0.0.1', '-p', String(options.port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`cannot start moto_server (${error.message}); install it with: pip install 'moto[server]'`)),
    ),
  );
  child.unref();

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}; see ${logFile}`);
      if (await isMotoAnswering(endpoint, 500)) return;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    child.kill('SIGTERM');
    throw new Error(`moto_server did not answer on ${endpoint} within ${options.readyTimeoutMs ?? 30_000} ms; see ${logFile}`);
  })();
  await Promise.race([ready, spawnError]);
  return { endpoint, startedPid: child.pid, logFile };
}
