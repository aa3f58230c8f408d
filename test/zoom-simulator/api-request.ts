import type { MeetingLifecycle } from './meeting-lifecycle';
import type { MeetingBook, MeetingKind } from './meetings';
import type { LightRateLimiter } from './rate-limiter';
import type { ApiResource } from './scopes';
import type { TokenStore } from './token-store';

/** A `/v2/{meetings|webinars}/{id}[/livestream[/status]]` path, id as sent (percent-decoded). */
export interface ApiRoute {
  readonly kind: MeetingKind;
  readonly id: string;
  readonly resource: ApiResource;
}

export interface ApiRequest {
  readonly method: string;
  readonly route: ApiRoute;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** Settings a test may change while the simulator runs; read at every request. */
export interface ApiSettings {
  repeatedStartWindowMs: number;
  repeatedStartRetryAfter: boolean;
  invalidIdStatus: 300 | 400;
  scopes: readonly string[];
  missingScopeCode: 4700 | 4711;
}

export interface ApiDeps {
  readonly tokens: TokenStore;
  readonly meetings: MeetingBook;
  readonly lifecycle: MeetingLifecycle;
  readonly limiter: LightRateLimiter;
  readonly now: () => number;
  readonly settings: ApiSettings;
}

// `[^/]*` keeps an empty or odd id in the match, so it gets Zoom's "invalid id" answer, not a 404.
const API_PATH = /^\/v2\/(meetings|webinars)\/([^/]*)(\/livestream(\/status)?)?\/?$/;

export function parseApiPath(rawPath: string): ApiRoute | undefined {
  const match = API_PATH.exec(rawPath);
  if (!match) return undefined;
  const raw = match[2] ?? '';
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  const resource = match[4] ? 'livestreamStatus' : match[3] ? 'livestream' : 'object';
  return { kind: match[1] === 'webinars' ? 'webinar' : 'meeting', id, resource };
}
