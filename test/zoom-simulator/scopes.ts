import type { MeetingKind } from './meetings';
import { type Reply, zoomError } from './reply';

export type ApiResource = 'object' | 'livestream' | 'livestreamStatus';

/** Every scope the simulator knows: granted to tokens unless a test says otherwise. */
export const SIMULATOR_SCOPES: readonly string[] = Object.freeze([
  'meeting:read:admin',
  'meeting:write:admin',
  'meeting:update:livestream:admin',
  'meeting:update:livestream_status:admin',
  'webinar:read:admin',
  'webinar:write:admin',
  'webinar:update:livestream:admin',
  'webinar:update:livestream_status:admin',
]);

/**
 * Scopes that each allow a request (any one is enough): reads need `…:read:admin`; writes take the
 * classic `…:write:admin` or the granular scope of that endpoint.
 */
export function acceptedScopes(kind: MeetingKind, resource: ApiResource, method: string): readonly string[] {
  if (method === 'GET') return [`${kind}:read:admin`];
  const granular = resource === 'livestreamStatus' ? 'livestream_status' : 'livestream';
  return [`${kind}:update:${granular}:admin`, `${kind}:write:admin`];
}

/** undefined when one accepted scope is granted; else Zoom's 4700 (HTTP 401) or 4711 (HTTP 400). */
export function missingScope(accepted: readonly string[], granted: readonly string[], code: 4700 | 4711): Reply | undefined {
  if (accepted.some((scope) => granted.includes(scope))) return undefined;
  return zoomError(code === 4700 ? 401 : 400, code, `Invalid access token, does not contain scopes:[${accepted.join(', ')}].`);
}
