import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { connect } from 'node:net';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

export type EmulatorHealth =
  | { readonly state: 'free' }
  | { readonly state: 'healthy' }
  /** Something listens on the port but a deploy there would fail, or land somewhere else. */
  | { readonly state: 'unhealthy'; readonly reason: string };

/**
 * What listens at the emulator's endpoint. Healthy takes two answers: `/moto-api/config` (cheap and
 * moto-specific, unlike `/moto-api/data.json`, which answers 500 once a stack is deployed) and a real
 * service call, because a moto whose own environment is broken (an AWS_PROFILE its botocore cannot
 * find) still serves its config while every service call gets an HTML 500.
 */
export async function checkEmulator(endpoint: string, timeoutMs = 2000): Promise<EmulatorHealth> {
  if (!(await acceptsConnections(endpoint, timeoutMs))) return { state: 'free' };
  const reason = (await motoApiProblem(endpoint, timeoutMs)) ?? (await serviceProblem(endpoint, timeoutMs));
  return reason === undefined ? { state: 'healthy' } : { state: 'unhealthy', reason };
}

export async function isMotoAnswering(endpoint: string, timeoutMs?: number): Promise<boolean> {
  return (await checkEmulator(endpoint, timeoutMs)).state === 'healthy';
}

/**
 * The one-line refusal for a taken port. `otherPort` says how this tool's user picks another port.
 * Stopping an old moto loses nothing that matters: its deployments live only in its memory.
 */
export function unhealthyEmulatorMessage(port: number, reason: string, otherPort: string): string {
  return (
    `port ${port} is taken by something that is not a healthy moto_server (${reason}); refusing to use it. ` +
    `Free the port (find the process with: lsof -nP -iTCP:${port} -sTCP:LISTEN, then kill <pid>) or ${otherPort}.`
  );
}

/** A TCP probe, so that a listener that never speaks HTTP is not mistaken for a free port. */
function acceptsConnections(endpoint: string, timeoutMs: number): Promise<boolean> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 80), autoSelectFamily: true });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function motoApiProblem(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/moto-api/config`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return `it accepts connections but gives no HTTP answer to GET /moto-api/config: ${describe(error)}`;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok && typeof body === 'object' && body !== null && 'lambda' in body) return undefined;
  const type = response.headers.get('content-type') ?? 'no content type';
  return `GET /moto-api/config answered HTTP ${response.status} (${type}), not moto's configuration`;
}

/** Secrets Manager: the first service a deploy calls, and one that fails like every regional one. */
async function serviceProblem(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  const client = new SecretsManagerClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  try {
    await client.send(new ListSecretsCommand({ MaxResults: 1 }));
    return undefined;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const type = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['content-type'];
    return status === undefined
      ? `a Secrets Manager call failed: ${describe(error)}`
      : `a Secrets Manager call answered HTTP ${status}${type ? ` (${type})` : ''}`;
  } finally {
    client.destroy();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
