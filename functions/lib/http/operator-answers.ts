import { encodeCursor, type Page } from '../core/listing';
import type { StartFailure } from '../core/start-failure';
import type { AutoStart, MeetingRecord } from '../core/meeting-record';

const iso = (ms: number): string => new Date(ms).toISOString();

/** `{"items": […], "next": "<cursor>" | null}` */
export function pageAnswer<T, A>(page: Page<T>, answer: (item: T) => A) {
  return { items: page.items.map(answer), next: page.next === undefined ? null : encodeCursor(page.next) };
}

/** A registration as answers show it: its settings, and `schedule` and `keepAlive` only when set. */
export function autoStartAnswer(autoStart: AutoStart) {
  return { settings: autoStart.settings, ...(autoStart.schedule ? { schedule: true as const } : {}), ...(autoStart.keepAlive ? { keepAlive: true as const } : {}) };
}

/** An item of `GET /livestreams`. */
export function liveStreamItem(record: MeetingRecord) {
  const claim = record.startClaim;
  return {
    kind: record.target.kind,
    id: record.target.id,
    autoStart: record.autoStart ? autoStartAnswer(record.autoStart) : null,
    nextStart: record.nextStart?.at ?? null,
    stream: record.stream ? { state: record.stream.state, since: record.stream.since } : { state: 'unknown' as const, since: null },
    lastStart: claim ? { origin: claim.origin, state: claim.state, at: iso(claim.at), ...(claim.code ? { code: claim.code } : {}) } : null,
  };
}

/** An item of `GET /failures`. */
export function failureItem(failure: StartFailure) {
  return {
    failureId: failure.failureId,
    kind: failure.target.kind,
    id: failure.target.id,
    origin: failure.origin,
    code: failure.code,
    message: failure.message,
    failedAt: iso(failure.failedAt),
    attempts: failure.attempts,
    retried: failure.retry ? iso(failure.retry.at) : null,
  };
}
