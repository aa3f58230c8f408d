import type { LiveStreamTarget } from '../core/target';

/** The store's key for a target: `meeting#85746065432`, `webinar#…`. */
export const targetKey = (target: LiveStreamTarget): string => `${target.kind}#${target.id}`;
