import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../core/clock';
import { parseSecret, type SecretContents } from '../zoom/credentials';
import { AWS_CLIENT_OPTIONS, awsCall } from './aws-call';

/** Reads a secret's string within `timeoutMs`; the production one is Secrets Manager, tests may pass their own. */
export type SecretReader = (secretId: string, timeoutMs: number) => Promise<string | undefined>;

/** Re-read after this long, so a rotated secret is picked up without a redeploy. */
export const SECRET_TTL_MS = 5 * 60 * 1000;

export function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient(AWS_CLIENT_OPTIONS);
}

export function secretsManagerReader(client: SecretsManagerClient): SecretReader {
  return (secretId, timeoutMs) =>
    awsCall(
      `reading secret "${secretId}"`,
      timeoutMs,
      async (abortSignal) => (await client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal })).SecretString,
      (name) => {
        switch (name) {
          case 'ResourceNotFoundException':
            return 'it does not exist (or has no current value); check ZOOM_SECRET_ID';
          case 'AccessDeniedException':
            return 'not allowed: the function needs secretsmanager:GetSecretValue on it';
          case 'DecryptionFailure':
          case 'KMSAccessDeniedException':
            return 'it cannot be decrypted: the function needs kms:Decrypt on its key';
          case 'CredentialsProviderError':
            return 'no AWS credentials were found (set AWS_PROFILE or the AWS_* variables, or run inside Lambda)';
          default:
            return `${name}; check ZOOM_SECRET_ID`;
        }
      },
    );
}

/**
 * The secret's contents, read once per container and again after SECRET_TTL_MS or `invalidate()`.
 * Concurrent callers share one read.
 */
export class SecretCache {
  private cached?: { contents: SecretContents; readAt: number };
  private inFlight?: Promise<SecretContents>;
  /** Bumped by invalidate(), so a read that started before it cannot refill the cache afterwards. */
  private generation = 0;

  constructor(
    private readonly read: SecretReader,
    readonly secretId: string,
    private readonly clock: Clock,
    private readonly ttlMs = SECRET_TTL_MS,
  ) {}

  get(timeoutMs: number): Promise<SecretContents> {
    if (this.cached && this.clock.now() - this.cached.readAt < this.ttlMs) {
      return Promise.resolve(this.cached.contents);
    }
    if (!this.inFlight) {
      const load = this.load(this.generation, timeoutMs).finally(() => {
        if (this.inFlight === load) this.inFlight = undefined;
      });
      this.inFlight = load;
    }
    return this.inFlight;
  }

  /**
   * Reads the secret again unless the cached copy is younger than `minAgeMs`, so that a caller who
   * suspects a change (a token it does not know) causes at most one read per `minAgeMs`. Resolves
   * undefined when it did not read.
   */
  async refresh(minAgeMs: number, timeoutMs: number): Promise<SecretContents | undefined> {
    if (this.cached && this.clock.now() - this.cached.readAt < minAgeMs) return undefined;
    if (this.inFlight) return this.inFlight;
    this.invalidate();
    return this.get(timeoutMs);
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
    this.inFlight = undefined;
  }

  private async load(generation: number, timeoutMs: number): Promise<SecretContents> {
    const contents = parseSecret(this.secretId, await this.read(this.secretId, timeoutMs));
    if (generation === this.generation) this.cached = { contents, readAt: this.clock.now() };
    return contents;
  }
}
