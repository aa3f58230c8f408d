/**
 * The meetings table's one secondary index, made for the operator lists: every listed item carries
 * `listing` (which list: `target` or `failure`) and `activity` (its sort key, see core/listing.ts),
 * and a Query of one `listing` newest first is a page. Items without them (deliveries, tokens) are
 * not in the index at all.
 */
export const LISTING_INDEX = 'listing-by-activity';
export const LISTING_PARTITION = 'listing';
export const LISTING_SORT = 'activity';

export type ListingName = 'target' | 'failure';
