import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from './clock';
import { parseCredentials, type ZoomCredentials } from './credentials';
import { ConfigurationError } from './errors';

/** Reads a secret's string; the production one is Secrets Manager, tests may pass their own. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** Re-read after this long, so a rotated secret is picked up without a redeploy. */
export const SECRET_TTL_MS = 5 * 60 * 1000;

export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return async (secretId) => {
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      return answer.SecretString;
    } catch (error) {
      throw describeReadFailure(secretId, error);
    }
  };
}

function describeReadFailure(secretId: string, error: unknown): ConfigurationError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  switch (name) {
    case 'ResourceNotFoundException':
      return new ConfigurationError(`secret "${secretId}" does not exist (or has no current value); check ZOOM_SECRET_ID`);
    case 'AccessDeniedException':
      return new ConfigurationError(`not allowed to read secret "${secretId}": the function needs secretsmanager:GetSecretValue on it`);
    case 'DecryptionFailure':
      return new ConfigurationError(`secret "${secretId}" cannot be decrypted: the function needs kms:Decrypt on its key`);
    default:
      return new ConfigurationError(`could not read secret "${secretId}" (${name})`);
  }
}

/**
 * The credentials, read once per container and again after SECRET_TTL_MS or `invalidate()`.
 * Concurrent callers share one read.
 */
export class CredentialsCache {
  private cached?: { credentials: ZoomCredentials; readAt: number };
  private inFlight?: Promise<ZoomCredentials>;
  /** Secrets Manager reads so far; the benchmark and tests count them. */
  reads = 0;

  constructor(
    private readonly read: SecretReader,
    readonly secretId: string,
    private readonly clock: Clock,
    private readonly ttlMs = SECRET_TTL_MS,
  ) {}

  get(): Promise<ZoomCredentials> {
    if (this.cached && this.clock.now() - this.cached.readAt < this.ttlMs) {
      return Promise.resolve(this.cached.credentials);
    }
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<ZoomCredentials> {
    this.reads += 1;
    const credentials = parseCredentials(this.secretId, await this.read(this.secretId));
    this.cached = { credentials, readAt: this.clock.now() };
    return credentials;
  }
}
