import { SecretCache, secretsManagerReader } from '../../functions/lib/aws/secret-cache';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseCredentials, parseSecret, webhookSecretToken, webhookTokens, zoomCredentials } from '../../functions/lib/zoom/credentials';
import { AwsThrottledError, AwsUnavailableError, ConfigurationError } from '../../functions/lib/core/errors';
import { TokenProvider, type CredentialsSource } from '../../functions/lib/zoom/token-provider';
import type { Clock } from '../../functions/lib/core/clock';
import { FakeClock } from '../helpers/fake-clock';

const S2S = JSON.stringify({ accountId: 'acc-1', clientId: 'client-1', clientSecret: 'very-secret-value' });

/** The token provider's view of a secret cache, built as the runtime builds it. */
const credentialsFrom = (secret: SecretCache): CredentialsSource => ({
  get: async (timeoutMs) => zoomCredentials(await secret.get(timeoutMs)),
  invalidate: () => secret.invalidate(),
});

describe('parseCredentials', () => {
  it("accepts the contract's spelling and Zoom's own", () => {
    expect(parseCredentials('s', S2S)).toEqual({ kind: 'server-to-server', accountId: 'acc-1', clientId: 'client-1', clientSecret: 'very-secret-value' });
    expect(parseCredentials('s', JSON.stringify({ account_id: 'a', client_id: 'b', client_secret: 'c' })).kind).toBe('server-to-server');
    expect(parseCredentials('s', JSON.stringify({ access_token: 'tok-123456' }))).toEqual({ kind: 'access-token', accessToken: 'tok-123456' });
  });

  it('prefers Server-to-Server when both forms are present', () => {
    const both = JSON.stringify({ ...JSON.parse(S2S), accessToken: 'stale-token' });
    expect(parseCredentials('s', both).kind).toBe('server-to-server');
  });

  it('names the secret and the missing keys, never a value', () => {
    const secret = JSON.stringify({ accountId: 'acc-1', clientId: 'hunter2-client' });
    expect(() => parseCredentials('zoom/prod', secret)).toThrow(
      new ConfigurationError('secret "zoom/prod" has no usable Zoom credentials: missing clientSecret (Server-to-Server OAuth) or accessToken'),
    );
    try {
      parseCredentials('zoom/prod', secret);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('rejects a secret that is not JSON or not an object', () => {
    expect(() => parseCredentials('zoom/prod', 'clientSecret=abc')).toThrow(/secret "zoom\/prod" is not JSON/);
    expect(() => parseCredentials('zoom/prod', '["a"]')).toThrow(/secret "zoom\/prod" is not a JSON object/);
    expect(() => parseCredentials('zoom/prod', undefined)).toThrow(/is not JSON/);
  });
});

describe('parseSecret', () => {
  it('reads the previous webhook secret token beside the current one, the current one first', () => {
    const contents = parseSecret('zoom/hooks', JSON.stringify({ webhookSecretToken: 'whsec-new-1', previousWebhookSecretToken: 'whsec-old-1' }));
    expect(webhookTokens(contents)).toEqual({ current: 'whsec-new-1', accepted: ['whsec-new-1', 'whsec-old-1'] });
    expect(contents.credentials).toBeUndefined();
  });

  it('does not take a previous token alone as the current one', () => {
    const contents = parseSecret('zoom/hooks', JSON.stringify({ previousWebhookSecretToken: 'whsec-old-1' }));
    expect(() => webhookTokens(contents)).toThrow(ConfigurationError);
  });

  it('reads the API credentials and the webhook secret token from one secret', () => {
    const contents = parseSecret('zoom/prod', JSON.stringify({ ...JSON.parse(S2S), webhook_secret_token: 'whsec-token-1' }));
    expect(contents).toEqual({
      secretId: 'zoom/prod',
      credentials: { kind: 'server-to-server', accountId: 'acc-1', clientId: 'client-1', clientSecret: 'very-secret-value' },
      missingKeys: [],
      webhookSecretToken: 'whsec-token-1',
      accountId: 'acc-1',
    });
    expect(zoomCredentials(contents).kind).toBe('server-to-server');
    expect(webhookSecretToken(contents)).toBe('whsec-token-1');
  });

  it('fails only when the missing part is needed, naming the secret and what it lacks', () => {
    const webhookOnly = parseSecret('zoom/prod', JSON.stringify({ webhookSecretToken: 'whsec-token-2' }));
    expect(webhookOnly.credentials).toBeUndefined();
    expect(webhookOnly.missingKeys).toEqual(['accountId', 'clientId', 'clientSecret']);
    expect(webhookSecretToken(webhookOnly)).toBe('whsec-token-2');
    expect(() => zoomCredentials(webhookOnly)).toThrow(
      new ConfigurationError('secret "zoom/prod" has no usable Zoom credentials: missing accountId, clientId, clientSecret (Server-to-Server OAuth) or accessToken'),
    );

    const apiOnly = parseSecret('zoom/prod', S2S);
    expect(() => webhookSecretToken(apiOnly)).toThrow(ConfigurationError);
    expect(() => webhookSecretToken(apiOnly)).toThrow(/^secret "zoom\/prod" has no webhookSecretToken/);
  });
});

describe('SecretCache and TokenProvider', () => {
  function setup() {
    const clock = new FakeClock();
    let reads = 0;
    const timeouts: number[] = [];
    const cache = new SecretCache(
      async (_id, timeoutMs) => {
        reads += 1;
        timeouts.push(timeoutMs);
        return S2S;
      },
      'zoom/test',
      clock,
      60_000,
    );
    let issued = 0;
    const exchange = jest.fn(async () => {
      issued += 1;
      await Promise.resolve();
      return { accessToken: `token-${issued}`, expiresInMs: 3_600_000 };
    });
    const tokens = new TokenProvider(credentialsFrom(cache), exchange, clock);
    return { clock, cache, tokens, exchange, reads: () => reads, timeouts };
  }

  it('shares one secret read and one exchange between concurrent callers', async () => {
    const { tokens, exchange, reads } = setup();
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get(1000)));
    expect(new Set(got)).toEqual(new Set(['token-1']));
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(reads()).toBe(1);
  });

  it("passes the caller's timeout to the secret read and the exchange", async () => {
    const { tokens, exchange, timeouts } = setup();
    await tokens.get(1234);
    expect(timeouts).toEqual([1234]);
    expect(exchange).toHaveBeenCalledWith(expect.objectContaining({ accountId: 'acc-1' }), 1234);
  });

  it('renews the token before expires_in, not after', async () => {
    const { clock, tokens } = setup();
    await tokens.get(1000);
    clock.advance(54 * 60_000);
    expect(await tokens.get(1000)).toBe('token-1');
    clock.advance(2 * 60_000);
    expect(await tokens.get(1000)).toBe('token-2');
  });

  it('re-reads the secret after its TTL and after a refused token', async () => {
    const { clock, cache, tokens, reads } = setup();
    await cache.get(1000);
    clock.advance(61_000);
    await cache.get(1000);
    expect(reads()).toBe(2);
    tokens.invalidate('token-x');
    await cache.get(1000);
    expect(reads()).toBe(3);
  });

  it('drops only the refused token', async () => {
    const { tokens } = setup();
    await tokens.get(1000);
    tokens.invalidate('some-older-token');
    expect(await tokens.get(1000)).toBe('token-1');
    tokens.invalidate('token-1');
    expect(await tokens.get(1000)).toBe('token-2');
  });

  it('renews once when many requests report the same refused token', async () => {
    const { tokens, exchange, reads } = setup();
    await tokens.get(1000);
    // Concurrent requests all sent with token-1 and all refused: one renewal, shared.
    tokens.invalidate('token-1');
    const renewal = tokens.get(1000);
    tokens.invalidate('token-1');
    tokens.invalidate('token-1');
    expect(await Promise.all([renewal, tokens.get(1000), tokens.get(1000)])).toEqual(['token-2', 'token-2', 'token-2']);
    // A late report of the old token must not throw away its successor.
    tokens.invalidate('token-1');
    expect(await tokens.get(1000)).toBe('token-2');
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(reads()).toBe(2);
  });
});

describe('Secrets Manager failures', () => {
  const clientFailingWith = (name: string) => {
    const error = Object.assign(new Error('simulated'), { name });
    return { send: async () => Promise.reject(error) } as unknown as SecretsManagerClient;
  };
  const failingWith = (name: string) => secretsManagerReader(clientFailingWith(name));

  it('ThrottlingException is a retryable SERVICE_UNAVAILABLE, answered 503', async () => {
    const failure = failingWith('ThrottlingException')('zoom/prod', 1000);
    await expect(failure).rejects.toBeInstanceOf(AwsThrottledError);
    await expect(failure).rejects.toMatchObject({
      name: 'SERVICE_UNAVAILABLE',
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      retryable: true,
      message: 'reading secret "zoom/prod" was throttled (ThrottlingException)',
    });
  });

  it.each(['InternalServiceError', 'ECONNREFUSED'])(
    '%s is a retryable CONFIGURATION_ERROR: it may pass',
    async (name) => {
      const failure = failingWith(name)('zoom/prod', 1000);
      await expect(failure).rejects.toBeInstanceOf(AwsUnavailableError);
      await expect(failure).rejects.toMatchObject({
        name: 'CONFIGURATION_ERROR',
        code: 'CONFIGURATION_ERROR',
        retryable: true,
        message: `reading secret "zoom/prod" failed (${name})`,
      });
    },
  );

  it("the SDK's own TimeoutError is a retryable CONFIGURATION_ERROR reported as no answer within the call's timeout", async () => {
    await expect(failingWith('TimeoutError')('zoom/prod', 1500)).rejects.toMatchObject({
      name: 'CONFIGURATION_ERROR',
      retryable: true,
      message: 'reading secret "zoom/prod" got no answer within 1500 ms',
    });
  });

  it('gives up on a Secrets Manager that never answers once the timeout passes', async () => {
    const hanging = {
      send: (_command: unknown, options: { abortSignal: AbortSignal }) =>
        new Promise((_, reject) => {
          options.abortSignal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    } as unknown as SecretsManagerClient;
    const startedAt = Date.now();
    await expect(secretsManagerReader(hanging)('zoom/prod', 50)).rejects.toMatchObject({
      name: 'CONFIGURATION_ERROR',
      retryable: true,
      message: 'reading secret "zoom/prod" got no answer within 50 ms',
    });
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it.each([
    ['ResourceNotFoundException', 'reading secret "zoom/prod" failed: it does not exist (or has no current value); check ZOOM_SECRET_ID'],
    ['AccessDeniedException', 'reading secret "zoom/prod" failed: not allowed: the function needs secretsmanager:GetSecretValue on it'],
    ['DecryptionFailure', 'reading secret "zoom/prod" failed: it cannot be decrypted: the function needs kms:Decrypt on its key'],
    [
      'CredentialsProviderError',
      'reading secret "zoom/prod" failed: no AWS credentials were found (set AWS_PROFILE or the AWS_* variables, or run inside Lambda)',
    ],
  ])('%s is a CONFIGURATION_ERROR that is not retried', async (name, message) => {
    const failure = failingWith(name)('zoom/prod', 1000);
    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.not.toBeInstanceOf(AwsUnavailableError);
    await expect(failure).rejects.toMatchObject({ name: 'CONFIGURATION_ERROR', retryable: false, message });
  });
});

describe('a pre-issued token', () => {
  it('is taken from the secret again after its TTL, without waiting for Zoom to refuse it', async () => {
    const clock = new FakeClock();
    let current = 'first-static-token';
    const cache = new SecretCache(async () => JSON.stringify({ accessToken: current }), 'zoom/test', clock, 60_000);
    const exchange = jest.fn();
    const tokens = new TokenProvider(credentialsFrom(cache), exchange, clock);
    expect(await tokens.get(1000)).toBe('first-static-token');

    current = 'second-static-token';
    clock.advance(30_000);
    expect(await tokens.get(1000)).toBe('first-static-token');
    clock.advance(31_000);
    expect(await tokens.get(1000)).toBe('second-static-token');
    expect(exchange).not.toHaveBeenCalled();
  });
});

describe('invalidation while a read is in flight', () => {
  it('does not let the older read refill the cache', async () => {
    const clock: Clock = new FakeClock();
    const values = ['{"accessToken":"old-token-value"}', '{"accessToken":"new-token-value"}'];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const cache = new SecretCache(
      async () => {
        const value = values[reads++];
        if (reads === 1) await gate;
        return value;
      },
      'zoom/test',
      clock,
    );
    const first = cache.get(1000);
    cache.invalidate();
    const second = await cache.get(1000);
    release();
    await first;

    expect(second.credentials).toEqual({ kind: 'access-token', accessToken: 'new-token-value' });
    expect((await cache.get(1000)).credentials).toEqual({ kind: 'access-token', accessToken: 'new-token-value' });
    expect(reads).toBe(2);
  });
});
