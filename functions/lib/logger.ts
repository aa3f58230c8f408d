import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Values that must never reach a log line: credentials and tokens, registered as soon as they are
 * read or issued. Key names catch the obvious fields; the value scan catches a secret that slipped
 * into a message or a nested error.
 */
const secretValues = new Set<string>();
const SECRET_KEY = /authorization|token|secret|password|credential/i;
const MAX_REMEMBERED = 32;
const REDACTED = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  secretValues.add(value);
  if (secretValues.size > MAX_REMEMBERED) {
    const oldest = secretValues.values().next().value;
    if (oldest !== undefined) secretValues.delete(oldest);
  }
}

export function redact(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key && SECRET_KEY.test(key)) return REDACTED;
  let text = value;
  for (const secret of secretValues) {
    if (text.includes(secret)) text = text.split(secret).join(REDACTED);
  }
  return text;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'zoom-livestream',
  jsonReplacerFn: redact,
});
