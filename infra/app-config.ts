/**
 * Turns the CDK context (cdk.json plus `-c key=value`) into typed stack settings. Every check
 * names the context key it rejects, so a typo fails `cdk synth` with a message the user can act on
 * instead of deploying a stack that cannot read its secret.
 */

/** Where the Zoom credentials secret comes from. */
export type SecretSource =
  | { readonly kind: 'create' }
  | { readonly kind: 'name'; readonly secretName: string }
  | { readonly kind: 'arn'; readonly secretArn: string };

export type ZoomBodyEncoding = 'json' | 'multipart';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface ZoomSettings {
  /** @default https://api.zoom.us/v2 */
  readonly apiBaseUrl: string;
  /** @default https://zoom.us/oauth/token */
  readonly oauthTokenUrl: string;
  /** @default json */
  readonly bodyEncoding: ZoomBodyEncoding;
}

export interface ApiThrottle {
  /** Steady-state requests per second for the API key's usage plan. */
  readonly rateLimit: number;
  /** Burst bucket size for the API key's usage plan. */
  readonly burstLimit: number;
}

export interface AppConfig {
  readonly secret: SecretSource;
  /** Customer-managed KMS key that encrypts the secret; undefined for the AWS-managed key. */
  readonly kmsKeyArn?: string;
  /** Checked by `OperationalAlarms` (infra/alarms.ts), the one owner of that rule. */
  readonly alarmEmail?: string;
  /** An existing SNS topic for alarm and failure notices; checked by `OperationalAlarms` too. */
  readonly notificationTopicArn?: string;
  readonly zoom: ZoomSettings;
  readonly logLevel: LogLevel;
  readonly throttle: ApiThrottle;
  /** Zoom's per-account Light rate the start workers share; undefined for the Pro default. */
  readonly zoomRateLimit?: number;
}

export class ContextError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid CDK context "${key}": ${problem}`);
    this.name = 'ContextError';
  }
}

export const DEFAULT_ZOOM_SETTINGS: ZoomSettings = {
  apiBaseUrl: 'https://api.zoom.us/v2',
  oauthTokenUrl: 'https://zoom.us/oauth/token',
  bodyEncoding: 'json',
};

/**
 * Zoom live-stream starts are rare, human- or schedule-driven actions, and Zoom's own limit for the
 * "Light" category on a free account is 4 requests/s shared by every app of the account; a low
 * ceiling here keeps a leaked key from burning that budget.
 */
export const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 5, burstLimit: 10 };

type ContextReader = (key: string) => unknown;

// Secrets Manager names: 1-512 of letters, digits and /_+=.@-
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,519}$/;
// IAM policies cannot name a key through an alias ARN, so only key ARNs are accepted.
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
const BODY_ENCODINGS: readonly ZoomBodyEncoding[] = ['json', 'multipart'];

/** Schedules (`schedules`, `schedulesFile`) are read by `readSchedulesFromContext` in infra/schedules.ts. */
export function readAppConfig(context: ContextReader): AppConfig {
  const secretName = optionalString(context, 'secretName');
  const secretArn = optionalString(context, 'secretArn');
  const kmsKeyArn = optionalString(context, 'kmsKeyArn');
  const alarmEmail = optionalString(context, 'alarmEmail');

  if (secretName !== undefined && secretArn !== undefined) {
    throw new ContextError('secretArn', 'give either secretName or secretArn, not both');
  }
  if (secretName !== undefined && !SECRET_NAME.test(secretName)) {
    throw new ContextError('secretName', 'expected 1-512 letters, digits or /_+=.@- characters');
  }
  if (secretArn !== undefined && !SECRET_ARN.test(secretArn)) {
    throw new ContextError('secretArn', 'expected arn:aws:secretsmanager:<region>:<account>:secret:<name>');
  }
  if (kmsKeyArn !== undefined && !KMS_KEY_ARN.test(kmsKeyArn)) {
    throw new ContextError('kmsKeyArn', 'expected a key ARN arn:aws:kms:<region>:<account>:key/<key-id> (alias ARNs cannot scope IAM policies)');
  }

  const secret: SecretSource =
    secretName !== undefined
      ? { kind: 'name', secretName }
      : secretArn !== undefined
        ? { kind: 'arn', secretArn }
        : { kind: 'create' };

  return {
    secret,
    kmsKeyArn,
    alarmEmail,
    notificationTopicArn: optionalString(context, 'notificationTopicArn'),
    zoom: {
      apiBaseUrl: optionalUrl(context, 'zoomApiBaseUrl') ?? DEFAULT_ZOOM_SETTINGS.apiBaseUrl,
      oauthTokenUrl: optionalUrl(context, 'zoomOauthTokenUrl') ?? DEFAULT_ZOOM_SETTINGS.oauthTokenUrl,
      bodyEncoding: optionalChoice(context, 'zoomBodyEncoding', BODY_ENCODINGS) ?? DEFAULT_ZOOM_SETTINGS.bodyEncoding,
    },
    logLevel: optionalChoice(context, 'logLevel', LOG_LEVELS) ?? 'INFO',
    throttle: {
      rateLimit: optionalPositiveNumber(context, 'apiRateLimit') ?? DEFAULT_THROTTLE.rateLimit,
      burstLimit: optionalPositiveNumber(context, 'apiBurstLimit', true) ?? DEFAULT_THROTTLE.burstLimit,
    },
    zoomRateLimit: optionalPositiveNumber(context, 'zoomRateLimit'),
  };
}

/** `-c key=` arrives as an empty string; treating it as "unset" would silently ignore a typo. */
function optionalString(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ContextError(key, `expected a string, got ${typeof value}`);
  const trimmed = value.trim();
  if (trimmed === '') throw new ContextError(key, 'is empty');
  return trimmed;
}

function optionalUrl(context: ContextReader, key: string): string | undefined {
  const value = optionalString(context, key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ContextError(key, `"${value}" is not a URL`);
  }
  // Plain http only towards a simulator on the same host; credentials must not cross a network in clear.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ContextError(key, 'expected an https:// URL (http:// only for localhost)');
  }
  return value.replace(/\/+$/, '');
}

function optionalChoice<T extends string>(context: ContextReader, key: string, choices: readonly T[]): T | undefined {
  const value = optionalString(context, key);
  if (value === undefined) return undefined;
  const match = choices.find((choice) => choice.toLowerCase() === value.toLowerCase());
  if (match === undefined) throw new ContextError(key, `expected one of ${choices.join(', ')}, got "${value}"`);
  return match;
}

/** Context from `-c` is always a string, from cdk.json it may be a number: accept both. */
function optionalPositiveNumber(context: ContextReader, key: string, integer = false): number | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new ContextError(key, `expected a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
  }
  return number;
}
