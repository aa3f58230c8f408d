import { ConfigurationError } from '../core/errors';
import { registerSecret } from '../core/redaction';

export type ZoomCredentials =
  | { readonly kind: 'server-to-server'; readonly accountId: string; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'access-token'; readonly accessToken: string };

const S2S_KEYS = [
  ['accountId', 'account_id'],
  ['clientId', 'client_id'],
  ['clientSecret', 'client_secret'],
] as const;
const TOKEN_KEYS = ['accessToken', 'access_token'] as const;

/**
 * Reads the secret's JSON (CONTRACT.md, "The secret"). Errors name the secret and the missing keys,
 * never a value. Server-to-Server wins when both forms are present: it renews itself, a pasted token
 * does not.
 */
export function parseCredentials(secretId: string, secretString: string | undefined): ZoomCredentials {
  let json: unknown;
  try {
    json = JSON.parse(secretString ?? '');
  } catch {
    throw new ConfigurationError(`secret "${secretId}" is not JSON: store {"accountId","clientId","clientSecret"} or {"accessToken"}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`secret "${secretId}" is not a JSON object`);
  }
  const record = json as Record<string, unknown>;
  const pick = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const value = record[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return undefined;
  };

  const [accountId, clientId, clientSecret] = S2S_KEYS.map(pick);
  if (accountId && clientId && clientSecret) {
    registerSecret(clientSecret);
    registerSecret(clientId);
    return { kind: 'server-to-server', accountId, clientId, clientSecret };
  }
  const accessToken = pick(TOKEN_KEYS);
  if (accessToken) {
    registerSecret(accessToken);
    return { kind: 'access-token', accessToken };
  }
  const missing = S2S_KEYS.filter((names) => !pick(names)).map(([name]) => name);
  throw new ConfigurationError(
    `secret "${secretId}" has no usable Zoom credentials: missing ${missing.join(', ')} (Server-to-Server OAuth) or accessToken`,
  );
}
