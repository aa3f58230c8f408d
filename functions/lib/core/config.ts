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
