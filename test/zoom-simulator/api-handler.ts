import type { ApiDeps, ApiRequest } from './api-request';
import { handleLiveStreamConfig } from './livestream-config-route';
import { handleLiveStreamStatus } from './livestream-route';
import { handleMeetingGet } from './meeting-route';
import { EXPIRED_TOKEN, INVALID_TOKEN, type Reply, zoomError } from './reply';
import { acceptedScopes, type ApiResource, missingScope } from './scopes';
import type { RecordedRequest } from './types';

const METHODS: Record<ApiResource, readonly string[]> = {
  object: ['GET'],
  livestream: ['GET', 'PATCH'],
  livestreamStatus: ['PATCH'],
};

/** Every `/v2/…` meeting or webinar request: method, token, account rate limit, scope, then the route. */
export function handleApiRequest(request: ApiRequest, deps: ApiDeps, record: RecordedRequest): Reply {
  const { route, method } = request;
  if (!METHODS[route.resource].includes(method)) return zoomError(405, 405, 'Method Not Allowed.');

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
  const tokenCheck = deps.tokens.check(bearer);
  if (tokenCheck === 'expired') return EXPIRED_TOKEN;
  if (tokenCheck !== 'valid' || bearer === undefined) return INVALID_TOKEN;
  record.authorized = true;

  const rate = deps.limiter.take(deps.tokens.accountOf(bearer) ?? '', deps.now());
  if (!rate.allowed) return rate.reply;
  const { scopes, missingScopeCode } = deps.settings;
  const reply =
    missingScope(acceptedScopes(route.kind, route.resource, method), scopes, missingScopeCode) ?? dispatch(request, deps, record);
  return { ...reply, headers: { ...rate.headers, ...reply.headers } };
}

function dispatch(request: ApiRequest, deps: ApiDeps, record: RecordedRequest): Reply {
  switch (request.route.resource) {
    case 'object':
      return handleMeetingGet(request, deps);
    case 'livestream':
      return handleLiveStreamConfig(request, deps);
    case 'livestreamStatus':
      return handleLiveStreamStatus(request, deps, record);
  }
}
