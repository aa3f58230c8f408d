import { ContextError, SECRET_ARN, SECRET_NAME, type SecretSource } from './app-config';

/**
 * The context that decides who may call the API and how the public webhook is protected. Kept
 * beside `readAppConfig` (app-config.ts), checked the same way: a mistake names its key at synth.
 */
export type CallerAuth = 'api-key' | 'iam';

export interface WebhookProtection {
  /** Method throttling of `POST /webhooks/zoom` on the stage (the usage plan meters keyed calls only). */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** Reserved concurrency of the webhook function; undefined leaves it unreserved (`-c webhookConcurrency=none`). */
  readonly reservedConcurrency?: number;
  /** An AWS WAF web ACL on the stage (`-c webhookWaf=true`). */
  readonly waf: boolean;
  /** Requests per 5 minutes from one address to the webhook before the web ACL blocks it. */
  readonly wafRateLimit: number;
  /** With the web ACL: only these CIDRs may reach the webhook (Zoom's published ranges). @default anyone */
  readonly allowedCidrs?: readonly string[];
}

export interface DoorConfig {
  readonly callerAuth: CallerAuth;
  readonly webhook: WebhookProtection;
  /** The webhook's secret (`-c webhookSecretName=…` | `webhookSecretArn=…`). @default - a new one */
  readonly webhookSecret: SecretSource;
  /** Hosts `stream_url` may name (`-c streamHosts=a.example,b.example`). @default any host */
  readonly streamHosts?: readonly string[];
}

/** Zoom's retries and a busy account's meetings fit easily; a flood does not. */
export const DEFAULT_WEBHOOK_PROTECTION: WebhookProtection = { rateLimit: 20, burstLimit: 40, reservedConcurrency: 10, waf: false, wafRateLimit: 1000 };

type ContextReader = (key: string) => unknown;

const CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+\/(?:12[0-8]|1[01]\d|[1-9]?\d)$/;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function readDoorConfig(context: ContextReader): DoorConfig {
  const auth = text(context, 'callerAuth') ?? 'api-key';
  if (auth !== 'api-key' && auth !== 'iam') throw new ContextError('callerAuth', `expected api-key or iam, got "${auth}"`);
  const defaults = DEFAULT_WEBHOOK_PROTECTION;
  const concurrency = text(context, 'webhookConcurrency');
  const allowedCidrs = list(context, 'webhookAllowedCidrs', CIDR, 'an IPv4 or IPv6 CIDR such as 3.7.35.0/25');
  const waf = flag(context, 'webhookWaf');
  if (allowedCidrs && !waf) throw new ContextError('webhookAllowedCidrs', 'needs -c webhookWaf=true: the web ACL is what enforces it');
  const streamHosts = list(context, 'streamHosts', HOST, 'a host name such as live.example.com', (host) => host.toLowerCase());
  const secretName = text(context, 'webhookSecretName');
  const secretArn = text(context, 'webhookSecretArn');
  if (secretName !== undefined && secretArn !== undefined) throw new ContextError('webhookSecretArn', 'give either webhookSecretName or webhookSecretArn, not both');
  if (secretName !== undefined && !SECRET_NAME.test(secretName)) throw new ContextError('webhookSecretName', 'expected 1-512 letters, digits or /_+=.@- characters');
  if (secretArn !== undefined && !SECRET_ARN.test(secretArn)) throw new ContextError('webhookSecretArn', 'expected arn:aws:secretsmanager:<region>:<account>:secret:<name>');
  return {
    callerAuth: auth,
    webhookSecret: secretName !== undefined ? { kind: 'name', secretName } : secretArn !== undefined ? { kind: 'arn', secretArn } : { kind: 'create' },
    webhook: {
      rateLimit: positive(context, 'webhookRateLimit') ?? defaults.rateLimit,
      burstLimit: positive(context, 'webhookBurstLimit', true) ?? defaults.burstLimit,
      ...(concurrency === 'none' ? {} : { reservedConcurrency: concurrency === undefined ? defaults.reservedConcurrency : integerIn('webhookConcurrency', concurrency, 1, 1000) }),
      waf,
      wafRateLimit: positive(context, 'webhookWafRateLimit', true) ?? defaults.wafRateLimit,
      ...(allowedCidrs ? { allowedCidrs } : {}),
    },
    ...(streamHosts ? { streamHosts } : {}),
  };
}

function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  const string = String(value).trim();
  if (string === '') throw new ContextError(key, 'is empty');
  return string;
}

function flag(context: ContextReader, key: string): boolean {
  const value = text(context, key);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ContextError(key, `expected true or false, got "${value}"`);
}

function positive(context: ContextReader, key: string, integer = false): number | undefined {
  const value = text(context, key);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new ContextError(key, `expected a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  }
  return number;
}

function integerIn(key: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new ContextError(key, `expected an integer from ${min} to ${max} or "none", got "${value}"`);
  return number;
}

function list(context: ContextReader, key: string, pattern: RegExp, what: string, normalise = (item: string) => item): string[] | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  const items = (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((item) => normalise(item.trim())).filter(Boolean);
  if (items.length === 0) throw new ContextError(key, 'is empty');
  const bad = items.find((item) => !pattern.test(item));
  if (bad !== undefined) throw new ContextError(key, `"${bad}" is not ${what}`);
  return items;
}
