import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { envWithoutAws } from '../env-without-aws';

/** Region and fake credentials for the emulator; never an account's real ones. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'testing', secretAccessKey: 'testing' });
export const DEFAULT_LOCAL_AWS_PORT = 5000;

/** The emulator's port: `LOCAL_AWS_PORT`, or 5000 when unset or empty; anything but 1-65535 is refused. */
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
 * The caller's environment with no way to a real account: every AWS_* and CDK_* variable dropped (a
 * profile, SSO session or real key must never reach a local deploy), the shared config files pointed
 * at nothing, and fake credentials and the region set. Both moto_server itself and its clients start
 * from it: moto's own botocore reads AWS_PROFILE too, and a profile it cannot find turns every
 * service call into an HTML 500.
 */
export function isolatedAwsEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const nowhere = path.join(tmpdir(), 'zoom-livestream-no-aws-config');
  return {
    ...envWithoutAws(base),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_CONFIG_FILE: nowhere,
    AWS_SHARED_CREDENTIALS_FILE: nowhere,
    // The SDK's notice about Node.js 20 concerns this tooling, not the Lambda runtime (24).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** `isolatedAwsEnv` for a child process (CDK CLI, `node`) that must reach the emulator and nothing else. */
export function localAwsEnv(endpoint: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...isolatedAwsEnv(base), AWS_ENDPOINT_URL: endpoint };
}
