import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../core/clock';
import { parseCredentials, type ZoomCredentials } from '../zoom/credentials';
import { ConfigurationError, SecretUnavailableError } from '../core/errors';

/** Reads a secret's string; the production one is Secrets Manager, tests may pass their own. */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

/** Re-read after this long, so a rotated secret is picked up without a redeploy. */
export const SECRET_TTL_MS = 5 * 60 * 1000;

/**
 * Secrets Manager client with bounded waits: the SDK's defaults (no request timeout, three
 * attempts) could spend the whole invocation on one read. The use case retries within its budget.
 */
export function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 2500 } });
}

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

const PERMANENT_FAILURES = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'DecryptionFailure', 'InvalidRequestException', 'InvalidParameterException']);

function describeReadFailure(secretId: string, error: unknown): ConfigurationError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  // Throttling, a service error or no answer at all may pass: retryable, unlike a wrong name or policy.
  if (!PERMANENT_FAILURES.has(name)) return new SecretUnavailableError(`could not read secret "${secretId}" (${name})`);
  switch (name) {
    case 'ResourceNotFoundException':
      return new ConfigurationError(`secret "${secretId}" does not exist (or has no current value); check ZOOM_SECRET_ID`);
    case 'AccessDeniedException':
      return new ConfigurationError(`not allowed to read secret "${secretId}": the function needs secretsmanager:GetSecretValue on it`);
    case 'DecryptionFailure':
      return new ConfigurationError(`secret "${secretId}" cannot be decrypted: the function needs kms:Decrypt on its key`);
    default:
      return new ConfigurationError(`secret "${secretId}" cannot be read (${name}); check ZOOM_SECRET_ID`);
  }
}

/**
 * The credentials, read once per container and again after SECRET_TTL_MS or `invalidate()`.
 * Concurrent callers share one read.
 */
export class CredentialsCache {
  private cached?: { credentials: ZoomCredentials; readAt: number };
  private inFlight?: Promise<ZoomCredentials>;
  /** Bumped by invalidate(), so a read that started before it cannot refill the cache afterwards. */
  private generation = 0;
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
    if (!this.inFlight) {
      const load = this.load(this.generation).finally(() => {
        if (this.inFlight === load) this.inFlight = undefined;
      });
      this.inFlight = load;
    }
    return this.inFlight;
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
    this.inFlight = undefined;
  }

  private async load(generation: number): Promise<ZoomCredentials> {
    this.reads += 1;
    const credentials = parseCredentials(this.secretId, await this.read(this.secretId));
    if (generation === this.generation) this.cached = { credentials, readAt: this.clock.now() };
    return credentials;
  }
}
