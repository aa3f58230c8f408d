/**
 * The API's routes, in one list: the CDK stack builds API Gateway from it and the local server
 * (`npm start`) serves it, so the two cannot drift apart.
 */
export type LiveStreamAction = 'start' | 'stop';

export interface Route {
  readonly action: LiveStreamAction;
  readonly method: 'POST';
  /** API Gateway resource path, with `{meetingId}` as its path parameter. */
  readonly resourcePath: string;
  /** The Lambda entry file, relative to the repository root. */
  readonly entry: string;
}

export const ROUTES: readonly Route[] = [
  {
    action: 'start',
    method: 'POST',
    resourcePath: '/meetings/{meetingId}/livestream/start',
    entry: 'functions/start.ts',
  },
  {
    action: 'stop',
    method: 'POST',
    resourcePath: '/meetings/{meetingId}/livestream/stop',
    entry: 'functions/stop.ts',
  },
];

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/**
 * The route a concrete path belongs to, with its path parameters. `stagePrefix` also accepts a path
 * that carries a stage or base-path prefix in front (HTTP API `rawPath` on a named stage).
 */
export function routeForPath(path: string, options: { stagePrefix?: boolean } = {}): RouteMatch | undefined {
  for (const route of ROUTES) {
    const params = matchRoute(route, path, options.stagePrefix ?? false);
    if (params) return { route, params };
  }
  return undefined;
}

function matchRoute(route: Route, path: string, stagePrefix: boolean): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = route.resourcePath.replace(/\{(\w+)\}/g, (_, name: string) => {
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
