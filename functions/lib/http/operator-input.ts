import { InvalidRequestError } from '../core/errors';
import { decodeCursor, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../core/listing';
import { LIST_STATES, type ListState } from '../core/meeting-record';
import { jsonBody, readHttpRequest, type HttpEvent } from './http-request';

/** A request to the operator function: the two lists and the retry of a failure. */
export type OperatorRequest =
  | { readonly operation: 'list-live-streams'; readonly limit: number; readonly after?: string; readonly state?: ListState }
  | { readonly operation: 'list-failures'; readonly limit: number; readonly after?: string }
  | { readonly operation: 'retry-failure'; readonly failureId: string };

const FAILURE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Reads an API Gateway event of the operator function; INVALID_REQUEST naming the parameter otherwise. */
export function toOperatorRequest(event: HttpEvent): OperatorRequest {
  const request = readHttpRequest(event, 'operator');
  const query = queryOf(event);
  switch (request.route.operation) {
    case 'list-live-streams': {
      allowOnly(query, ['state', 'limit', 'next']);
      const state = query.state;
      if (state !== undefined && !(LIST_STATES as readonly string[]).includes(state)) {
        throw new InvalidRequestError(`state: must be one of ${LIST_STATES.join(', ')}`);
      }
      return { operation: 'list-live-streams', ...pageOfQuery(query), ...(state ? { state: state as ListState } : {}) };
    }
    case 'list-failures':
      allowOnly(query, ['limit', 'next']);
      return { operation: 'list-failures', ...pageOfQuery(query) };
    case 'retry-failure': {
      allowOnly(query, []);
      const body = jsonBody(request);
      if (typeof body !== 'object' || body === null || Object.keys(body).length > 0) throw new InvalidRequestError('body: must be empty');
      const failureId = request.params.failureId ?? '';
      if (!FAILURE_ID.test(failureId)) throw new InvalidRequestError('failureId: must be 1 to 128 letters, digits or ._- (a failureId of GET /failures)');
      return { operation: 'retry-failure', failureId };
    }
    default:
      throw new Error(`route ${request.route.resourcePath} has no operator operation`);
  }
}

function queryOf(event: HttpEvent): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (typeof value === 'string') result[name] = value;
  return result;
}

function allowOnly(query: Record<string, string>, names: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new InvalidRequestError(`${unknown}: is not a query parameter of this route${names.length ? ` (it takes ${names.join(', ')})` : ''}`);
  }
}

function pageOfQuery(query: Record<string, string>): { limit: number; after?: string } {
  const limitText = query.limit;
  const limit = limitText === undefined ? DEFAULT_PAGE_LIMIT : /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) throw new InvalidRequestError(`limit: must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
  return { limit, ...(query.next !== undefined ? { after: decodeCursor(query.next) } : {}) };
}
