import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { S2SCredentials } from './token-provider';

/** The token as the fleet shares it: encrypted, with a fingerprint to tell tokens apart without reading them. */
export interface SharedToken {
  /** base64(iv ‖ tag ‖ ciphertext), AES-256-GCM under a key derived from the client secret. */
  readonly ciphertext: string;
  /** SHA-256 of the token, shortened: which token it is, revealing nothing of it. */
  readonly fingerprint: string;
  /** Epoch ms after which no container should use it (Zoom's expiry less a margin). */
  readonly expiresAt: number;
}

export interface SharedTokenState {
  readonly token?: SharedToken;
  /** Epoch ms until which one container holds the right to exchange a new token. */
  readonly leaseUntil?: number;
}

/**
 * Where the containers of all functions share the current Zoom token, so that the fleet exchanges
 * one per token lifetime instead of one per container (DynamoDB in AWS). The lease lets one
 * container exchange while the others wait for its result; Zoom allows several valid tokens, so a
 * lost race costs an extra exchange, never an outage.
 */
export interface SharedTokenStore {
  read(key: string, timeoutMs: number): Promise<SharedTokenState>;
  /**
   * Takes the lease when it is free (or expired) and the shared token is still `replacing` (its
   * fingerprint as last read, undefined for none): a container that read an older state loses.
   */
  lease(key: string, request: { owner: string; now: number; leaseMs: number; replacing?: string }, timeoutMs: number): Promise<boolean>;
  /** Stores a new token and frees the lease. */
  publish(key: string, token: SharedToken, timeoutMs: number): Promise<void>;
}

/** One shared token per Server-to-Server app: the key names the account and client, hashed. */
export const sharedTokenKey = (credentials: S2SCredentials): string =>
  `token#${createHash('sha256').update(`${credentials.accountId}:${credentials.clientId}`).digest('hex').slice(0, 24)}`;

export const fingerprintOf = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 32);

/**
 * The key only holders of the client secret can derive: the table alone (a backup, a console
 * reader) never yields a usable token, and rotating the client secret orphans every stored one.
 */
function keyFor(credentials: S2SCredentials): Buffer {
  return Buffer.from(hkdfSync('sha256', credentials.clientSecret, credentials.accountId, 'zoom-livestream/shared-token/v1', 32));
}

export function sealToken(token: string, credentials: S2SCredentials, expiresAt: number): SharedToken {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(credentials), iv);
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64'), fingerprint: fingerprintOf(token), expiresAt };
}

/** The token, or undefined when it cannot be opened (sealed under another client secret, tampered). */
export function openToken(shared: SharedToken, credentials: S2SCredentials): string | undefined {
  try {
    const bytes = Buffer.from(shared.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(credentials), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const token = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    return fingerprintOf(token) === shared.fingerprint ? token : undefined;
  } catch {
    return undefined;
  }
}
