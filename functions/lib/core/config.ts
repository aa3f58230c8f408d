import { ConfigurationError } from './errors';

export type BodyEncoding = 'json' | 'multipart';

/**
 * The Zoom part of the function's environment, read once per container.
 */
export interface Config {
  readonly secretId: string;
  readonly apiBaseUrl: string;
  readonly oauthTokenUrl: string;
  readonly bodyEncoding: BodyEncoding;
}

export const DEFAULT_API_BASE_URL = 'https://api.zoom.us/v2';
export const DEFAULT_OAUTH_TOKEN_URL = 'https://zoom.us/oauth/token';

type Env = Readonly<Record<string, string | undefined>>;

/** Throws CONFIGURATION_ERROR naming the variable, so a misdeployed function says what to fix. */
export function readConfig(env: Env = process.env): Config {
  const secretId = env.ZOOM_SECRET_ID?.trim();
  if (!secretId) throw new ConfigurationError('ZOOM_SECRET_ID is not set: name or ARN of the Zoom credentials secret');
  // The logger reads LOG_LEVEL itself but silently ignores a value it does not know, which would hide
  // the DEBUG lines someone asked for at 3 a.m.; checked here so that the mistake is named instead.
  oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info');
  return {
    secretId,
    apiBaseUrl: httpUrl(env, 'ZOOM_API_BASE_URL', DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
    oauthTokenUrl: httpUrl(env, 'ZOOM_OAUTH_TOKEN_URL', DEFAULT_OAUTH_TOKEN_URL),
    bodyEncoding: oneOf(env, 'ZOOM_BODY_ENCODING', ['json', 'multipart'], 'json'),
  };
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${name} must be an http(s) URL, got "${url.protocol}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name]?.trim().toLowerCase() || fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}


/** Where the stack's one-time start schedules go, and what they may do. */
export interface SchedulerWiring {
  /** The stack's schedule group: the only one the function may create schedules in. */
  readonly group: string;
  /** The role Scheduler assumes to deliver a start; it can do nothing else. */
  readonly roleArn: string;
  /** What a schedule delivers to: the start queue's ARN. */
  readonly targetArn: string;
  /** Where Scheduler parks a delivery it could not make. */
  readonly deadLetterArn?: string;
}

/**
 * The AWS resources of the stack, named to the functions by the environment. Each is optional: a
 * function run without them (`npm start`, a script, a test) keeps the same behaviour in memory.
 */
export interface WiringConfig {
  readonly meetingsTable?: string;
  readonly startQueueUrl?: string;
  readonly failureQueueUrl?: string;
  readonly scheduler?: SchedulerWiring;
  /** This container's share of the account's Zoom request rate (the start worker's pacing). */
  readonly zoomRequestsPerSecond?: number;
  /** `STREAM_HOSTS`: the only hosts a configured `stream_url` may name (lower case); any host when unset. */
  readonly streamHosts?: readonly string[];
  /** `FAILURE_TOPIC_ARN`: where the start worker announces each start failure it records. */
  readonly failureTopicArn?: string;
}

const SCHEDULER_VARIABLES = ['SCHEDULE_GROUP', 'SCHEDULE_ROLE_ARN', 'SCHEDULE_TARGET_ARN'] as const;

export function readWiringConfig(env: Env = process.env): WiringConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const given = SCHEDULER_VARIABLES.filter((name) => value(name));
  if (given.length > 0 && given.length < SCHEDULER_VARIABLES.length) {
    const missing = SCHEDULER_VARIABLES.filter((name) => !value(name));
    throw new ConfigurationError(`${missing.join(', ')} must be set together with ${given.join(', ')}`);
  }
  const startQueueUrl = value('START_QUEUE_URL');
  if (startQueueUrl !== undefined && !/^https?:\/\//.test(startQueueUrl)) {
    throw new ConfigurationError(`START_QUEUE_URL must be an SQS queue URL, got "${startQueueUrl}"`);
  }
  const rate = value('ZOOM_REQUESTS_PER_SECOND');
  if (rate !== undefined && !(Number(rate) > 0)) throw new ConfigurationError(`ZOOM_REQUESTS_PER_SECOND must be a positive number, got "${rate}"`);
  const streamHosts = value('STREAM_HOSTS')
    ?.split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return {
    meetingsTable: value('MEETINGS_TABLE'),
    ...(streamHosts && streamHosts.length > 0 ? { streamHosts } : {}),
    ...(rate !== undefined ? { zoomRequestsPerSecond: Number(rate) } : {}),
    startQueueUrl,
    failureQueueUrl: value('START_FAILURE_QUEUE_URL'),
    ...(value('FAILURE_TOPIC_ARN') ? { failureTopicArn: value('FAILURE_TOPIC_ARN') } : {}),
    scheduler:
      given.length === SCHEDULER_VARIABLES.length
        ? {
            group: value('SCHEDULE_GROUP') as string,
            roleArn: value('SCHEDULE_ROLE_ARN') as string,
            targetArn: value('SCHEDULE_TARGET_ARN') as string,
            deadLetterArn: value('SCHEDULE_DLQ_ARN'),
          }
        : undefined,
  };
}
