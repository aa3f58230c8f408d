import { createHash } from 'node:crypto';
import { InvalidRequestError } from '../core/errors';
import { normaliseZoomId, type LiveStreamTarget, type TargetKind } from '../core/target';

/** A Zoom event notification, read only as far as the system uses it. */
export interface ZoomEvent {
  readonly event: string;
  /** Epoch ms. */
  readonly eventTs?: number;
  readonly object: Record<string, unknown>;
  readonly oldObject?: Record<string, unknown>;
  readonly plainToken?: string;
  /** `payload.account_id`: the Zoom account the event belongs to. */
  readonly accountId?: string;
}

/** Parses the body (already verified) as Zoom's `{event, event_ts, payload}`; INVALID_REQUEST otherwise. */
export function parseZoomEvent(body: Buffer): ZoomEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidRequestError('body: is not valid JSON');
  }
  const record = asObject(json);
  if (!record || typeof record.event !== 'string' || record.event === '') throw new InvalidRequestError('event: is required');
  const payload = asObject(record.payload) ?? {};
  return {
    event: record.event,
    eventTs: typeof record.event_ts === 'number' && Number.isFinite(record.event_ts) ? record.event_ts : undefined,
    object: asObject(payload.object) ?? {},
    oldObject: asObject(payload.old_object),
    plainToken: typeof payload.plainToken === 'string' ? payload.plainToken : undefined,
    accountId: typeof payload.account_id === 'string' && payload.account_id !== '' ? payload.account_id : undefined,
  };
}

/**
 * The meeting or webinar an event is about, its id as a digit string whether Zoom sent a string
 * (`meeting.started`) or a number (`meeting.live_streaming_started`). Undefined when it has none
 * that could be a Zoom id.
 */
export function eventTarget(event: ZoomEvent): LiveStreamTarget | undefined {
  const kind: TargetKind | undefined = event.event.startsWith('meeting.') ? 'meeting' : event.event.startsWith('webinar.') ? 'webinar' : undefined;
  const id = event.object.id;
  if (!kind || (typeof id !== 'string' && typeof id !== 'number')) return undefined;
  // A number beyond 2^53 has lost digits in JSON.parse; it is refused rather than guessed.
  const parsed = normaliseZoomId(id);
  return typeof parsed === 'string' ? { kind, id: parsed } : undefined;
}

/**
 * What makes two deliveries the same event: Zoom redelivers the same body with a new timestamp and
 * signature, so the id comes from the body (event, the object's uuid or id, event_ts).
 */
export function deliveryId(event: ZoomEvent): string {
  const subject = event.object.uuid ?? event.object.id ?? '';
  return createHash('sha256').update(JSON.stringify([event.event, String(subject), event.eventTs ?? null])).digest('hex').slice(0, 40);
}

/** Zoom's id of the meeting's instance (`payload.object.uuid`): a restarted meeting has a new one. */
export function eventInstance(event: ZoomEvent): string | undefined {
  const uuid = event.object.uuid;
  return typeof uuid === 'string' && uuid.length >= 1 && uuid.length <= 200 ? uuid : undefined;
}

/** An ISO time from an event field (`date_time`, `start_time`, `end_time`), when it holds one. */
export function eventTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
