import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SIMULATOR_CREDENTIALS } from '../../test/zoom-simulator';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

/** The secret a local deploy imports (`-c secretName=…`): moto's CloudFormation cannot create one. */
export const LOCAL_SECRET_NAME = 'zoom-livestream/local';

export interface LocalSecret {
  readonly name: string;
  /** The complete ARN, with Secrets Manager's random suffix. */
  readonly arn: string;
  readonly created: boolean;
}

/**
 * Creates the secret on the emulator with the Zoom simulator's fake credentials, or leaves an existing
 * one (and its value) alone, so a value put there by hand survives a redeploy.
 */
export async function ensureLocalSecret(endpoint: string, name: string = LOCAL_SECRET_NAME): Promise<LocalSecret> {
  const client = new SecretsManagerClient({ endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
  try {
    try {
      const existing = await client.send(new DescribeSecretCommand({ SecretId: name }));
      if (existing.ARN) return { name, arn: existing.ARN, created: false };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const created = await client.send(
      new CreateSecretCommand({
        Name: name,
        Description: 'Fake Zoom credentials accepted by the Zoom simulator (local deploy only)',
        SecretString: JSON.stringify(SIMULATOR_CREDENTIALS),
      }),
    );
    if (!created.ARN) throw new Error(`the emulator returned no ARN for secret ${name}`);
    return { name, arn: created.ARN, created: true };
  } finally {
    client.destroy();
  }
}
