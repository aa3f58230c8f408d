/**
 * Readies what sam/env-vars.json points SAM's containers at, before `sam local` starts:
 * moto_server on the host holding the Zoom secret (started and left running when none answers), and
 * a Zoom simulator that must already be running. Ports come from sam/env-vars.json, the one place
 * they are written. Run by scripts/sam-*.sh: `tsx local/deploy/sam-prepare.ts`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY_ROOT } from './cdk-cli';
import { ensureMoto } from './local-moto';
import { ensureLocalSecret } from './local-secret';

export const ENV_VARS_FILE = path.join(REPOSITORY_ROOT, 'sam', 'env-vars.json');

export type EnvVarsFile = Record<string, Record<string, string>>;

export interface SamTargets {
  readonly secretId: string;
  readonly motoPort: number;
  readonly zoomApiBaseUrl: string;
}

/**
 * The secret and the host services the file names; every function that names them (all but those
 * that never call Zoom) must name the same ones.
 */
export function samTargets(file: EnvVarsFile): SamTargets {
  const values = (name: string) => new Set(Object.values(file).flatMap((variables) => (variables[name] === undefined ? [] : [variables[name]])));
  const single = (name: string): string => {
    const found = values(name);
    const [value] = found;
    if (found.size !== 1 || value === undefined) throw new Error(`sam/env-vars.json: every function must set the same ${name}`);
    return value;
  };
  const secretsEndpoint = new URL(single('AWS_ENDPOINT_URL_SECRETS_MANAGER'));
  return {
    secretId: single('ZOOM_SECRET_ID'),
    motoPort: Number(secretsEndpoint.port || 80),
    zoomApiBaseUrl: single('ZOOM_API_BASE_URL'),
  };
}

/** The URL as seen from the host: containers say host.docker.internal, the host says localhost. */
export function fromHost(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === 'host.docker.internal') parsed.hostname = 'localhost';
  return parsed.toString().replace(/\/$/, '');
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const targets = samTargets(JSON.parse(readFileSync(ENV_VARS_FILE, 'utf8')) as EnvVarsFile);
  // On Linux, containers reach the host through the Docker bridge, not its loopback; Docker Desktop
  // (macOS, Windows) forwards host.docker.internal to the host's loopback.
  const host = process.env.LOCAL_AWS_HOST || (process.platform === 'linux' ? '0.0.0.0' : '127.0.0.1');
  const moto = await ensureMoto({
    port: targets.motoPort,
    host,
    otherPort: 'change the port of every AWS_ENDPOINT_URL_SECRETS_MANAGER in sam/env-vars.json',
  });
  console.log(
    moto.startedPid === undefined
      ? `moto_server already answers on port ${targets.motoPort}; using it (on Linux it must listen on the Docker bridge: LOCAL_AWS_HOST=0.0.0.0)`
      : `moto_server started on ${host}:${targets.motoPort} (pid ${moto.startedPid}, log ${moto.logFile}); it keeps running, stop it with: kill ${moto.startedPid}`,
  );
  const secret = await ensureLocalSecret(moto.endpoint, targets.secretId);
  console.log(`secret ${secret.name}: ${secret.created ? "created with the Zoom simulator's fake credentials" : 'exists; value left unchanged'}`);

  const simulator = fromHost(targets.zoomApiBaseUrl);
  try {
    await (await fetch(simulator, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
  } catch {
    const port = new URL(simulator).port;
    throw new Error(
      `no Zoom simulator answers at ${simulator} (sam/env-vars.json's ZOOM_API_BASE_URL). Start it in another terminal: ` +
        `PORT=${port}${process.platform === 'linux' ? ' HOST=0.0.0.0' : ''} npm run simulator`,
    );
  }
  console.log(`Zoom simulator answers at ${simulator}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`sam: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
