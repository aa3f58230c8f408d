import { randomBytes } from 'node:crypto';

interface IssuedToken {
  readonly accountId: string;
  readonly expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired' | 'revoked';

/** Opaque expiring access tokens, as Zoom's S2S OAuth hands them out (no refresh tokens). */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly now: () => number) {}

  issue(accountId: string, ttlSeconds: number): string {
    // Opaque to clients, like Zoom's; the prefix only makes stray tokens recognisable in a dump.
    const token = `sim_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { accountId, expiresAt: this.now() + ttlSeconds * 1000, revoked: false });
    return token;
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return 'missing';
    const issued = this.tokens.get(token);
    if (!issued) return 'unknown';
    if (issued.revoked) return 'revoked';
    if (this.now() >= issued.expiresAt) return 'expired';
    return 'valid';
  }

  /** The account a token was issued to, whatever its state. */
  accountOf(token: string): string | undefined {
    return this.tokens.get(token)?.accountId;
  }

  /** Every token issued so far stops working; later exchanges give working ones. */
  revokeAll(): void {
    for (const issued of this.tokens.values()) issued.revoked = true;
  }
}
