import type { Clock } from './clock';
import type { CredentialsCache } from './credentials-cache';
import { registerSecret } from './logger';
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
  /** Token exchanges so far; the benchmark and tests count them. */
  exchanges = 0;

  constructor(
    private readonly credentials: CredentialsCache,
    private readonly exchange: TokenExchange,
    private readonly clock: Clock,
  ) {}

  get(timeoutMs: number): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.expiresAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.obtain(timeoutMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Zoom refused `token`. Drop it, and the credentials too: a refused token often means the secret
   * was rotated (a new pasted token, new client credentials) since this container read it.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
    this.credentials.invalidate();
  }

  private async obtain(timeoutMs: number): Promise<string> {
    const credentials = await this.credentials.get();
    if (credentials.kind === 'access-token') {
      // A pre-issued token has no known expiry: use it until Zoom refuses it.
      this.cached = { token: credentials.accessToken, expiresAt: Number.POSITIVE_INFINITY };
      return credentials.accessToken;
    }
    this.exchanges += 1;
    const issued = await this.exchange(credentials, timeoutMs);
    registerSecret(issued.accessToken);
    const lifetime = Math.max(issued.expiresInMs - TOKEN_REFRESH_MARGIN_MS, issued.expiresInMs / 2);
    this.cached = { token: issued.accessToken, expiresAt: this.clock.now() + lifetime };
    return issued.accessToken;
  }
}
