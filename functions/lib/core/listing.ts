import { InvalidRequestError } from './errors';

/**
 * The operator lists (`GET /livestreams`, `GET /failures`): newest first, one page at a time. Both
 * stores order by the same sort key, an activity time followed by the item's own key, so that two
 * items of the same millisecond still have one order and a page ends at an exact place.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;

export interface PageRequest {
  readonly limit: number;
  /** The sort key of the last item of the page before (decoded from the caller's `next`). */
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** The sort key of the last item, when more follow. */
  readonly next?: string;
}

/** Epoch ms padded to 15 digits so that text order is time order (until the year 33658). */
export function sortKey(atMs: number, key: string): string {
  return `${String(Math.max(0, Math.floor(atMs))).padStart(15, '0')}#${key}`;
}

/** The item key a sort key ends with (`meeting#123`, `failure#…`). */
export const keyOfSortKey = (sortKeyText: string): string => sortKeyText.slice(sortKeyText.indexOf('#') + 1);

const SORT_KEY = /^\d{15}#[A-Za-z0-9#:._-]{1,200}$/;

/** The `next` a caller sends back: the sort key, base64url, so callers treat it as opaque. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const key = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!SORT_KEY.test(key)) throw new InvalidRequestError('next: is not a cursor this API gave (pass the "next" of the previous page as it was)');
  return key;
}

/**
 * A page of `limit` from items already in list order (newest first), after `after`: the memory
 * store's whole listing, and the rule the DynamoDB store reproduces with Query.
 */
export function pageOf<T>(ordered: readonly { readonly sortKey: string; readonly item: T }[], request: PageRequest): Page<T> {
  const start = request.after === undefined ? 0 : ordered.findIndex((entry) => entry.sortKey < (request.after as string));
  const rest = start < 0 ? [] : ordered.slice(start, start + request.limit + 1);
  const page = rest.slice(0, request.limit);
  return { items: page.map((entry) => entry.item), ...(rest.length > request.limit ? { next: page[page.length - 1]?.sortKey } : {}) };
}
