import { ConfigurationError } from '../core/errors';
import { registerLongLivedSecret } from '../core/redaction';

export type ZoomCredentials =
  | { readonly kind: 'server-to-server'; readonly accountId: string; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'access-token'; readonly accessToken: string };

/** The secret's JSON, read once: the Zoom API credentials and the webhook secret token, each optional here. */
export interface SecretContents {
  readonly secretId: string;
  readonly credentials?: ZoomCredentials;
  /** The Server-to-Server keys that are missing, for the error when credentials are needed. */
  readonly missingKeys: readonly string[];
  /** Zoom's webhook secret token, which signs the event notifications. */
  readonly webhookSecretToken?: string;
  /** The token being replaced, accepted beside it while a Zoom app's token is changed. */
  readonly previousWebhookSecretToken?: string;
  /** The Zoom account the credentials belong to, also when the secret holds nothing else of them. */
  readonly accountId?: string;
}

/** The tokens a webhook delivery may be signed with: the current one first. */
export interface WebhookTokens {
  readonly current: string;
  readonly accepted: readonly string[];
}

const S2S_KEYS = [
  ['accountId', 'account_id'],
  ['clientId', 'client_id'],
  ['clientSecret', 'client_secret'],
] as const;
const TOKEN_KEYS = ['accessToken', 'access_token'] as const;
const WEBHOOK_KEYS = ['webhookSecretToken', 'webhook_secret_token'] as const;
const PREVIOUS_WEBHOOK_KEYS = ['previousWebhookSecretToken', 'previous_webhook_secret_token'] as const;

/**
 * Reads the secret's JSON. Errors name the secret and the missing keys, never a value. Server-to-
 * Server wins when both credential forms are present: it renews itself, a pasted token does not.
 * Every value is registered for redaction before anything else can log it.
 */
export function parseSecret(secretId: string, secretString: string | undefined): SecretContents {
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

  const webhookSecretToken = pick(WEBHOOK_KEYS);
  const previousWebhookSecretToken = pick(PREVIOUS_WEBHOOK_KEYS);
  registerLongLivedSecret(webhookSecretToken);
  registerLongLivedSecret(previousWebhookSecretToken);
  const [accountId, clientId, clientSecret] = S2S_KEYS.map(pick);
  const missingKeys = S2S_KEYS.filter((names) => !pick(names)).map(([name]) => name);
  const webhook = {
    ...(webhookSecretToken ? { webhookSecretToken } : {}),
    ...(previousWebhookSecretToken ? { previousWebhookSecretToken } : {}),
    ...(accountId ? { accountId } : {}),
  };
  if (accountId && clientId && clientSecret) {
    registerLongLivedSecret(clientSecret);
    registerLongLivedSecret(clientId);
    return { secretId, credentials: { kind: 'server-to-server', accountId, clientId, clientSecret }, missingKeys, ...webhook };
  }
  const accessToken = pick(TOKEN_KEYS);
  registerLongLivedSecret(accessToken);
  const credentials = accessToken ? ({ kind: 'access-token', accessToken } as const) : undefined;
  return { secretId, credentials, missingKeys, ...webhook };
}

/** The Zoom API credentials, or CONFIGURATION_ERROR naming the secret and what it lacks. */
export function zoomCredentials(contents: SecretContents): ZoomCredentials {
  if (contents.credentials) return contents.credentials;
  throw new ConfigurationError(
    `secret "${contents.secretId}" has no usable Zoom credentials: missing ${contents.missingKeys.join(', ')} (Server-to-Server OAuth) or accessToken`,
  );
}

/** The webhook secret token, or CONFIGURATION_ERROR saying where it goes. */
export function webhookSecretToken(contents: SecretContents): string {
  if (contents.webhookSecretToken) return contents.webhookSecretToken;
  throw new ConfigurationError(
    `secret "${contents.secretId}" has no webhookSecretToken: copy the Secret Token of the Zoom app's event subscription into it`,
  );
}

/** The tokens a delivery may be signed with; CONFIGURATION_ERROR without a current one. */
export function webhookTokens(contents: SecretContents): WebhookTokens {
  const current = webhookSecretToken(contents);
  const previous = contents.previousWebhookSecretToken;
  return { current, accepted: previous && previous !== current ? [current, previous] : [current] };
}

/** The API credentials alone, for callers that need nothing else of the secret. */
export const parseCredentials = (secretId: string, secretString: string | undefined): ZoomCredentials =>
  zoomCredentials(parseSecret(secretId, secretString));
