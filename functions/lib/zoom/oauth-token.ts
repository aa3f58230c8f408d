import type { AxiosInstance } from 'axios';
import { ZoomRefusedCredentialsError, ZoomUnavailableError } from '../core/errors';
import { deadline, transportFailure } from './http-client';
import { registerLongLivedSecret } from '../core/redaction';
import { rateLimitedError } from './zoom-errors';

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
