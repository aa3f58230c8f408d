import { CredentialsCache, secretsManagerReader } from '../../functions/lib/aws/secret-cache';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseCredentials } from '../../functions/lib/zoom/credentials';
import { ConfigurationError } from '../../functions/lib/core/errors';
import { TokenProvider } from '../../functions/lib/zoom/token-provider';
import { FakeClock } from '../helpers/fake-clock';

const S2S = JSON.stringify({ accountId: 'acc-1', clientId: 'client-1', clientSecret: 'very-secret-value' });

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

describe('CredentialsCache and TokenProvider', () => {
  function setup() {
    const clock = new FakeClock();
    let reads = 0;
    const cache = new CredentialsCache(async () => {
      reads += 1;
      return S2S;
    }, 'zoom/test', clock, 60_000);
    let issued = 0;
    const exchange = jest.fn(async () => {
      issued += 1;
      await Promise.resolve();
      return { accessToken: `token-${issued}`, expiresInMs: 3_600_000 };
    });
    const tokens = new TokenProvider(cache, exchange, clock);
    return { clock, cache, tokens, exchange, reads: () => reads };
  }

  it('shares one secret read and one exchange between concurrent callers', async () => {
    const { tokens, exchange, reads } = setup();
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get(1000)));
    expect(new Set(got)).toEqual(new Set(['token-1']));
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(reads()).toBe(1);
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
    await cache.get();
    clock.advance(61_000);
    await cache.get();
    expect(reads()).toBe(2);
    tokens.invalidate('token-x');
    await cache.get();
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
});

describe('Secrets Manager failures', () => {
  const failingWith = (name: string) => {
    const error = Object.assign(new Error('simulated'), { name });
    return secretsManagerReader({ send: async () => Promise.reject(error) } as unknown as SecretsManagerClient);
  };

  it.each(['ThrottlingException', 'InternalServiceError', 'TimeoutError', 'ECONNREFUSED'])(
    '%s is a retryable CONFIGURATION_ERROR: it may pass',
    async (name) => {
      await expect(failingWith(name)('zoom/prod')).rejects.toMatchObject({
        name: 'CONFIGURATION_ERROR',
        retryable: true,
        message: `could not read secret "zoom/prod" (${name})`,
      });
    },
  );

  it.each([
    ['ResourceNotFoundException', 'secret "zoom/prod" does not exist (or has no current value); check ZOOM_SECRET_ID'],
    ['AccessDeniedException', 'not allowed to read secret "zoom/prod": the function needs secretsmanager:GetSecretValue on it'],
    ['DecryptionFailure', 'secret "zoom/prod" cannot be decrypted: the function needs kms:Decrypt on its key'],
  ])('%s is a CONFIGURATION_ERROR that is not retried', async (name, message) => {
    await expect(failingWith(name)('zoom/prod')).rejects.toMatchObject({ name: 'CONFIGURATION_ERROR', retryable: false, message });
  });
});

describe('a pre-issued token', () => {
  it('is taken from the secret again after its TTL, without waiting for Zoom to refuse it', async () => {
    const clock = new FakeClock();
    let current = 'first-static-token';
    const cache = new CredentialsCache(async () => JSON.stringify({ accessToken: current }), 'zoom/test', clock, 60_000);
    const tokens = new TokenProvider(cache, jest.fn(), clock);
    expect(await tokens.get(1000)).toBe('first-static-token');

    current = 'second-static-token';
    clock.advance(30_000);
    expect(await tokens.get(1000)).toBe('first-static-token');
    clock.advance(31_000);
    expect(await tokens.get(1000)).toBe('second-static-token');
  });
});

describe('invalidation while a read is in flight', () => {
  it('does not let the older read refill the cache', async () => {
    const clock = new FakeClock();
    const values = ['{"accessToken":"old-token-value"}', '{"accessToken":"new-token-value"}'];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const cache = new CredentialsCache(
      async () => {
        const value = values[reads++];
        if (reads === 1) await gate;
        return value;
      },
      'zoom/test',
      clock,
    );
    const first = cache.get();
    cache.invalidate();
    const second = await cache.get();
    release();
    await first;

    expect(second).toEqual({ kind: 'access-token', accessToken: 'new-token-value' });
    expect(await cache.get()).toEqual({ kind: 'access-token', accessToken: 'new-token-value' });
  });
});
