import { type ChildProcess, spawn } from 'node:child_process';
import { freeLoopbackPort } from './free-port';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** Region and fake credentials used against moto; passed explicitly so the machine's AWS env never matters. */
export const MOTO_REGION = 'us-east-1';
export const MOTO_CREDENTIALS = Object.freeze({ accessKeyId: 'testing', secretAccessKey: 'testing' });

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** How long to wait for moto to answer. @default 30000 */
  readonly readyTimeoutMs?: number;
  /** moto's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts `moto_server` on a free loopback port and resolves once it answers HTTP. */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  installExitHook();
  // The free port can be taken between probing and moto binding it; a second port usually works.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(await freeLoopbackPort(), readyTimeoutMs, options.env ?? process.env);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(port: number, readyTimeoutMs: number, env: NodeJS.ProcessEnv): Promise<MotoServer> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, PYTHONUNBUFFERED: '1' },
  });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Only the tail is kept, for the error message when moto does not come up.
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };

  try {
    await Promise.race([waitUntilAnswering(endpoint, readyTimeoutMs, () => child.exitCode !== null), spawnFailed]);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`moto_server did not start on port ${port}: ${reason}\n${stderr}`);
  }
  return { endpoint, port, stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('moto_server exited');
    try {
      // Any HTTP answer means the server is up; moto's dashboard API is cheap to hit.
      const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

/** A test process that ends without calling stop() (crash, timeout) must not leave moto running. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Empties every moto backend (secrets included) without restarting it. */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
}

/** The environment a handler needs to reach Secrets Manager on this moto. */
export function motoAwsEnv(endpoint: string): Record<
  'AWS_ENDPOINT_URL_SECRETS_MANAGER' | 'AWS_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY',
  string
> {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
  };
}

export function secretsClient(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
}

/** Runs `use` with a client for this moto, destroyed afterwards. */
async function withClient<T>(endpoint: string, use: (client: SecretsManagerClient) => Promise<T>): Promise<T> {
  const client = secretsClient(endpoint);
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

function arnOf(answer: { ARN?: string }, name: string): string {
  if (!answer.ARN) throw new Error(`moto returned no ARN for secret ${name}`);
  return answer.ARN;
}

/** Creates the secret and returns its ARN. */
export function createSecret(endpoint: string, name: string, secretString: string): Promise<string> {
  return withClient(endpoint, async (client) =>
    arnOf(await client.send(new CreateSecretCommand({ Name: name, SecretString: secretString })), name),
  );
}

/** Stores a new value in an existing secret, creating the secret when it does not exist; returns its ARN. */
export async function putSecret(endpoint: string, name: string, secretString: string): Promise<string> {
  try {
    return await withClient(endpoint, async (client) =>
      arnOf(await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: secretString })), name),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return createSecret(endpoint, name, secretString);
    throw error;
  }
}

export function readSecret(endpoint: string, nameOrArn: string): Promise<string | undefined> {
  return withClient(endpoint, async (client) => (await client.send(new GetSecretValueCommand({ SecretId: nameOrArn }))).SecretString);
}
