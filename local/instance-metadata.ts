import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Variables through which the AWS SDK finds credentials other than the instance metadata service. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

/**
 * Whether this machine has AWS configured for the SDK: credentials in the environment, or a
 * shared credentials or config file. An EC2 instance role is the one source this cannot see.
 */
export function awsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => env[name])) return true;
  const home = env.HOME ?? homedir();
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials'), env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config')];
  return files.some((file) => existsSync(file));
}

/**
 * On a machine without AWS configured, turns off the SDK's last credential source, the instance
 * metadata service: off EC2 its probe only waits for timeouts (seconds) before the configuration
 * error it ends in anyway. Lambda never runs this (its credentials are in the environment); an
 * explicit AWS_EC2_METADATA_DISABLED is left as the user set it. Resolves whether it turned it off.
 */
export function skipMetadataProbeWithoutAws(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.AWS_EC2_METADATA_DISABLED !== undefined || awsConfigured(env)) return false;
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return true;
}
