import type { TargetKind } from '../core/target';

/**
 * The API's routes, in one list: the CDK stack builds API Gateway from it and the local server
 * (`npm start`) serves it, so the two cannot drift apart.
 */
export type FunctionName = 'start' | 'stop' | 'meetings' | 'webhook' | 'operator' | 'console';

export type Operation =
  | 'start'
  | 'stop'
  | 'change-mode'
  | 'register-auto-start'
  | 'unregister-auto-start'
  | 'describe'
  | 'configure-stream'
  | 'zoom-webhook'
  | 'list-live-streams'
  | 'list-failures'
  | 'retry-failure'
  | 'console';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway resource path, with `{meetingId}` or `{webinarId}` as its path parameter. */
  readonly resourcePath: string;
  /** The Lambda function that serves it. */
  readonly function: FunctionName;
  readonly operation: Operation;
  /** What the path parameter names; none for the webhook. */
  readonly targetKind?: TargetKind;
  /**
   * `api-key`: API Gateway checks `x-api-key`. `zoom-signature`: no key; the function checks Zoom's
   * signature. `public`: no key, nothing to check: the console's page and files, which hold no data.
   */
  readonly auth: 'api-key' | 'zoom-signature' | 'public';
}

function targetRoutes(kind: TargetKind): Route[] {
  const base = `/${kind}s/{${kind}Id}/livestream`;
  const route = (method: HttpMethod, suffix: string, fn: FunctionName, operation: Operation): Route => ({
    method,
    resourcePath: `${base}${suffix}`,
    function: fn,
    operation,
    targetKind: kind,
    auth: 'api-key',
  });
  return [
    route('POST', '/start', 'start', 'start'),
    route('POST', '/stop', 'stop', 'stop'),
    // Zoom has no view to change for webinars. Served by start, the function that already changes streams.
    ...(kind === 'meeting' ? [route('POST', '/mode', 'start', 'change-mode')] : []),
    route('PUT', '/auto-start', 'meetings', 'register-auto-start'),
    route('DELETE', '/auto-start', 'meetings', 'unregister-auto-start'),
    route('GET', '', 'meetings', 'describe'),
    route('PUT', '', 'meetings', 'configure-stream'),
  ];
}

export const ROUTES: readonly Route[] = [
  ...targetRoutes('meeting'),
  ...targetRoutes('webinar'),
  { method: 'POST', resourcePath: '/webhooks/zoom', function: 'webhook', operation: 'zoom-webhook', auth: 'zoom-signature' },
  ...operatorRoutes(),
];

/** The operator's lists and retry (API key), and the console that reads them (public files). */
function operatorRoutes(): Route[] {
  return [
    { method: 'GET', resourcePath: '/livestreams', function: 'operator', operation: 'list-live-streams', auth: 'api-key' },
    { method: 'GET', resourcePath: '/failures', function: 'operator', operation: 'list-failures', auth: 'api-key' },
    { method: 'POST', resourcePath: '/failures/{failureId}/retry', function: 'operator', operation: 'retry-failure', auth: 'api-key' },
    { method: 'GET', resourcePath: '/console', function: 'console', operation: 'console', auth: 'public' },
    { method: 'GET', resourcePath: '/console/{asset}', function: 'console', operation: 'console', auth: 'public' },
  ];
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/**
 * The route of a method and concrete path, with its path parameters. `stagePrefix` also accepts a
 * path with a stage or base-path prefix in front (HTTP API `rawPath` on a named stage).
 */
export function routeFor(method: string, path: string, options: { stagePrefix?: boolean } = {}): RouteMatch | undefined {
  const upper = method.toUpperCase();
  for (const route of ROUTES) {
    if (route.method !== upper) continue;
    const params = matchPath(route.resourcePath, path, options.stagePrefix ?? false);
    if (params) return { route, params };
  }
  return undefined;
}

/** Whether some route has this path, whatever its method (API Gateway tells the two apart). */
export const pathIsRouted = (path: string, stagePrefix = false): boolean =>
  ROUTES.some((route) => matchPath(route.resourcePath, path, stagePrefix) !== undefined);

function matchPath(resourcePath: string, path: string, stagePrefix: boolean): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = resourcePath.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${stagePrefix ? '(?:/[^/]+)*' : ''}${pattern}/?$`).exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    params[name] = safeDecode(match[i + 1] ?? '');
  });
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
