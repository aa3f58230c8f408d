import type { Clock } from '../core/clock';
import { logger } from '../core/logger';
import { registerSecret, registerLongLivedSecret } from '../core/redaction';
import type { ZoomCredentials } from './credentials';
import { fingerprintOf, openToken, sealToken, sharedTokenKey, type SharedToken, type SharedTokenStore } from './fleet-token';
import type { AxiosInstance } from 'axios';
import { ZoomRefusedCredentialsError, ZoomUnavailableError } from '../core/errors';
import { deadline, transportFailure } from './http-client';
import { rateLimitedError } from './zoom-errors';

export type TokenExchange = (credentials: S2SCredentials, timeoutMs: number) => Promise<IssuedToken>;

/** Where the Zoom credentials come from (the secret, cached); `invalidate` forces a re-read. */
export interface CredentialsSource {
  get(timeoutMs: number): Promise<ZoomCredentials>;
  invalidate(): void;
}

export interface TokenProviderOptions {
  /** The fleet's shared token; without it each container exchanges its own. */
  readonly shared?: SharedTokenStore;
  /** Names this container in leases. */
  readonly owner?: string;
}

/** Renew this long before Zoom's `expires_in`, so a token never expires between check and use. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Refused tokens remembered, so that many requests refused together renew the token once. */
const REMEMBERED_REFUSALS = 16;
/** How long one container may take to exchange for the fleet before another may. */
const LEASE_MS = 10_000;
/** How long the others wait for the lease holder's token before exchanging one of their own. */
const PEER_WAIT_MS = 3000;
const PEER_POLL_MS = 150;

interface Held {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * The bearer token for Zoom. Cached per container, and with a shared store, shared by the fleet:
 * one container exchanges a new token when the shared one nears expiry or is refused, the others
 * wait for it. All requests of a container share one token, and at most one renewal is in flight,
 * also when many concurrent requests are refused with the same token.
 */
export class TokenProvider {
  private cached?: Held;
  private inFlight?: Promise<string>;
  /** Bumped when a token is refused, so a renewal that started before cannot refill the cache. */
  private generation = 0;
  private readonly refused = new Set<string>();

  constructor(
    private readonly credentials: CredentialsSource,
    private readonly exchange: TokenExchange,
    private readonly clock: Clock,
    private readonly options: TokenProviderOptions = {},
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
   * Zoom refused `token`. The first report drops it and the credentials too (a refused token often
   * means the secret was rotated since this container read it); later reports of the same token
   * change nothing, so that the renewal they all wait for stays one.
   */
  invalidate(token: string): void {
    const fingerprint = fingerprintOf(token);
    if (this.refused.has(fingerprint)) return;
    this.refused.add(fingerprint);
    if (this.refused.size > REMEMBERED_REFUSALS) this.refused.delete(this.refused.values().next().value as string);
    if (this.cached?.token === token) this.cached = undefined;
    this.generation += 1;
    this.inFlight = undefined;
    this.credentials.invalidate();
  }

  private async obtain(timeoutMs: number, generation: number): Promise<string> {
    const credentials = await this.credentials.get(timeoutMs);
    // A pre-issued token is not cached here: the credentials cache re-reads the secret after its
    // TTL, so a token replaced in the secret is used without waiting for Zoom to refuse the old one.
    if (credentials.kind === 'access-token') return credentials.accessToken;
    const held = this.options.shared ? await this.fromFleet(this.options.shared, credentials, timeoutMs) : await this.exchangeNow(credentials, timeoutMs);
    if (generation === this.generation) this.cached = held;
    return held.token;
  }

  private async exchangeNow(credentials: S2SCredentials, timeoutMs: number): Promise<Held> {
    const issued = await this.exchange(credentials, timeoutMs);
    registerSecret(issued.accessToken);
    const lifetime = Math.max(issued.expiresInMs - TOKEN_REFRESH_MARGIN_MS, issued.expiresInMs / 2);
    return { token: issued.accessToken, expiresAt: this.clock.now() + lifetime };
  }

  /**
   * The fleet's token, or a new one exchanged for the fleet under the lease. The shared store is an
   * optimisation: when it fails, this container exchanges its own token rather than fail a start.
   */
  private async fromFleet(shared: SharedTokenStore, credentials: S2SCredentials, timeoutMs: number): Promise<Held> {
    const key = sharedTokenKey(credentials);
    const giveUpAt = this.clock.now() + Math.min(PEER_WAIT_MS, timeoutMs / 2);
    for (;;) {
      const state = await storeCall(() => shared.read(key, timeoutMs));
      if (state === FAILED) break;
      const usable = this.usable(state.token, credentials);
      if (usable) return usable;
      const lease = { owner: this.options.owner ?? 'container', now: this.clock.now(), leaseMs: LEASE_MS, replacing: state.token?.fingerprint };
      const won = await storeCall(() => shared.lease(key, lease, timeoutMs));
      if (won === FAILED) break;
      if (won) {
        const held = await this.exchangeNow(credentials, timeoutMs);
        await storeCall(() => shared.publish(key, sealToken(held.token, credentials, held.expiresAt), timeoutMs));
        return held;
      }
      // Another container is exchanging: its token is worth a short wait, not a second exchange.
      if (this.clock.now() >= giveUpAt) break;
      await this.clock.sleep(PEER_POLL_MS);
    }
    return this.exchangeNow(credentials, timeoutMs);
  }

  private usable(token: SharedToken | undefined, credentials: S2SCredentials): Held | undefined {
    if (!token || token.expiresAt <= this.clock.now() || this.refused.has(token.fingerprint)) return undefined;
    const opened = openToken(token, credentials);
    if (opened === undefined) return undefined;
    registerSecret(opened);
    return { token: opened, expiresAt: token.expiresAt };
  }
}

const FAILED = Symbol('shared token store failed');

/** A shared store call whose failure is logged and answered with FAILED, never thrown. */
async function storeCall<T>(call: () => Promise<T>): Promise<T | typeof FAILED> {
  try {
    return await call();
  } catch (error) {
    logger.warn('shared Zoom token unavailable; this container uses a token of its own', { reason: (error as Error).message });
    return FAILED;
  }
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInMs: number;
}

export interface S2SCredentials {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Zoom's Server-to-Server OAuth exchange (`grant_type=account_credentials`). A refusal means the
 * secret's credentials are wrong: CONFIGURATION_ERROR. No answer or a 5xx is ZOOM_UNAVAILABLE,
 * which the use case retries.
 */
export async function exchangeToken(
  http: AxiosInstance,
  tokenUrl: string,
  credentials: S2SCredentials,
  timeoutMs: number,
  nowMs: number,
): Promise<IssuedToken> {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  registerLongLivedSecret(basic);
  let answer;
  try {
    answer = await http.request({
      method: 'POST',
      url: tokenUrl,
      params: { grant_type: 'account_credentials', account_id: credentials.accountId },
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
      ...deadline(timeoutMs),
    });
  } catch (error) {
    throw transportFailure(error, 'Zoom OAuth token request', false);
  }
  const body = (typeof answer.data === 'object' && answer.data !== null ? answer.data : {}) as Record<string, unknown>;
  if (answer.status === 429) throw rateLimitedError(answer, nowMs);
  if (answer.status >= 500) throw new ZoomUnavailableError(`Zoom OAuth token endpoint answered HTTP ${answer.status}`);
  if (answer.status === 200 && typeof body.access_token !== 'string') {
    throw new ZoomUnavailableError('Zoom OAuth token endpoint answered 200 without an access token');
  }
  if (answer.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
    const reason = [body.error, body.reason].filter((part) => typeof part === 'string').join(': ');
    throw new ZoomRefusedCredentialsError(
      `Zoom OAuth refused the Server-to-Server credentials (HTTP ${answer.status}${reason ? `, ${reason}` : ''}); check accountId, clientId and clientSecret in the secret`,
    );
  }
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return { accessToken: body.access_token, expiresInMs: expiresIn * 1000 };
}
