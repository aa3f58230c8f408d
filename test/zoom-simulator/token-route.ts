import type { Reply } from './reply';
import type { TokenStore } from './token-store';
import type { RecordedRequest, SimulatorAccount } from './types';

export interface TokenRouteDeps {
  readonly accountsByClientId: ReadonlyMap<string, SimulatorAccount>;
  readonly tokens: TokenStore;
  readonly ttlSeconds: number;
  readonly apiUrl: string;
  readonly invalidClientStatus: 400 | 401;
  /** Granted scopes, space-separated, as Zoom lists them. */
  readonly scope: string;
  readonly onExchange: () => void;
}

export interface TokenRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly bodyText: string;
}

function oauthError(status: number, error: string, reason: string): Reply {
  return { status, body: { reason, error } };
}

/** `POST /oauth/token` for Server-to-Server OAuth (`grant_type=account_credentials`). */
export function handleTokenRequest(request: TokenRequest, deps: TokenRouteDeps, record: RecordedRequest): Reply {
  if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'Method Not Allowed');

  // OAuth lets the parameters come in the query (Zoom's documented form) or as a form body.
  const params = new URLSearchParams(request.url.search);
  if (request.contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.bodyText)) if (!params.has(key)) params.set(key, value);
  }

  const grantType = params.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant_type');
  if (grantType !== 'account_credentials') return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');

  const account = clientFromBasic(request.authorization, deps.accountsByClientId);
  if (!account) return oauthError(deps.invalidClientStatus, 'invalid_client', 'Invalid client_id or client_secret');

  const accountId = params.get('account_id');
  if (!accountId) return oauthError(400, 'invalid_request', 'Missing account_id');
  if (accountId !== account.accountId) return oauthError(400, 'invalid_request', 'Invalid account_id');

  record.authorized = true;
  deps.onExchange();
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: {
      access_token: deps.tokens.issue(account.accountId, deps.ttlSeconds),
      token_type: 'bearer',
      expires_in: deps.ttlSeconds,
      scope: deps.scope,
      api_url: deps.apiUrl,
    },
  };
}

function clientFromBasic(
  authorization: string | undefined,
  accounts: ReadonlyMap<string, SimulatorAccount>,
): SimulatorAccount | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const account = accounts.get(decoded.slice(0, colon));
  return account && account.clientSecret === decoded.slice(colon + 1) ? account : undefined;
}
