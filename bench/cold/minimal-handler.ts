/**
 * The yardstick of bench/cold-start.ts: the least a start handler can be with the same Secrets
 * Manager client: read the secret, exchange a token, PATCH the status, with Node's own fetch. No
 * validation, no retries, no shared token, no logging.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const secrets = new SecretsManagerClient({});

export async function handler(event: { meetingId: string }): Promise<{ status: number }> {
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.ZOOM_SECRET_ID }));
  const { accountId, clientId, clientSecret } = JSON.parse(secret.SecretString ?? '{}') as Record<string, string>;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const tokenAnswer = await fetch(`${process.env.ZOOM_OAUTH_TOKEN_URL}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}` },
  });
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const answer = await fetch(`${process.env.ZOOM_API_BASE_URL}/meetings/${event.meetingId}/livestream/status`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'start' }),
  });
  return { status: answer.status };
}
