import type { Clock } from '../core/clock';
import type { CredentialsCache } from '../aws/secret-cache';
import { registerSecret } from '../core/redaction';
import type { IssuedToken, S2SCredentials } from './oauth-token';

export type TokenExchange = (credentials: S2SCredentials, timeoutMs: number) => Promise<IssuedToken>;

/** Renew this long before Zoom's `expires_in`, so a token never expires between check and use. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * The bearer token for Zoom, cached per container. Zoom may invalidate older tokens when a new one
 * is issued, so all requests share one token and at most one exchange is in flight at a time.
 */
export class TokenProvider {
  private cached?: { token: string; expiresAt: number };
  private inFlight?: Promise<string>;
  /** Bumped by invalidate(), so an exchange that started before it cannot refill the cache afterwards. */
  private generation = 0;
  /** Token exchanges so far; the benchmark and tests count them. */
  exchanges = 0;

  constructor(
    private readonly credentials: CredentialsCache,
    private readonly exchange: TokenExchange,
    private readonly clock: Clock,
  ) {}

  get(timeoutMs: number): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.expiresAt) return Promise.resolve(this.cached.token);
    if (!this.inFlight) {
      const obtain = this.obtain(timeoutMs, this.generation).finally(() => {
        if (this.inFlight === obtain) this.inFlight = undefined;
      });
      this.inFlight = obtain;
    }
    return this.inFlight;
  }

  /**
   * Zoom refused `token`. Drop it, and the credentials too: a refused token often means the secret
   * was rotated (a new pasted token, new client credentials) since this container read it.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
    this.generation += 1;
    this.inFlight = undefined;
    this.credentials.invalidate();
  }

  private async obtain(timeoutMs: number, generation: number): Promise<string> {
    const credentials = await this.credentials.get();
    // A pre-issued token is not cached here: the credentials cache re-reads the secret after its
    // TTL, so a token replaced in the secret is used without waiting for Zoom to refuse the old one.
    if (credentials.kind === 'access-token') return credentials.accessToken;
    this.exchanges += 1;
    const issued = await this.exchange(credentials, timeoutMs);
    registerSecret(issued.accessToken);
    const lifetime = Math.max(issued.expiresInMs - TOKEN_REFRESH_MARGIN_MS, issued.expiresInMs / 2);
    if (generation === this.generation) this.cached = { token: issued.accessToken, expiresAt: this.clock.now() + lifetime };
    return issued.accessToken;
  }
}
