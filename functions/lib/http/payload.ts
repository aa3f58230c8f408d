import { InvalidRequestError } from '../core/errors';
import type { LiveStreamAction, LiveStreamSettings, LiveStreamTarget, TargetKind } from '../core/target';
import { meetingIdSchema, parseInput, parseSettings, payloadSchema } from './input-schema';

/** What a plain payload (Scheduler input, direct invoke, EventBridge `detail`, queue message) asks for. */
export interface Payload {
  readonly target: LiveStreamTarget;
  readonly settings?: LiveStreamSettings;
  readonly startWindowMinutes?: number;
}

/**
 * Reads `{"meetingId"|"webinarId": …, "settings": {…}, "startWindowMinutes": n}` for `action`;
 * `prefix` names where the payload sits (`detail` in an EventBridge event) in error messages.
 * `extraKeys` are taken out before the check (a queue message's own `job`).
 */
export function parsePayload(value: unknown, action: LiveStreamAction, prefix = '', extraKeys: readonly string[] = []): Payload {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const plain = withoutKeys(value, extraKeys);
  const payload = parseInput(payloadSchema, plain, prefix || 'payload', prefix);
  const given = (['meetingId', 'webinarId'] as const).filter((key) => payload[key] !== undefined);
  if (given.length !== 1) {
    throw new InvalidRequestError(given.length === 0 ? `${at('meetingId')}: is required (or webinarId for a webinar)` : `${at('webinarId')}: give either meetingId or webinarId, not both`);
  }
  const field = given[0] as 'meetingId' | 'webinarId';
  const kind: TargetKind = field === 'meetingId' ? 'meeting' : 'webinar';
  const id = parseInput(meetingIdSchema, payload[field], at(field));
  if (action === 'stop') {
    if (payload.settings !== undefined) throw new InvalidRequestError(`${at('settings')}: only start takes settings`);
    if (payload.startWindowMinutes !== undefined) throw new InvalidRequestError(`${at('startWindowMinutes')}: only start takes a start window`);
  }
  return {
    target: { kind, id },
    settings: parseSettings(kind, payload.settings, at('settings')),
    ...(payload.startWindowMinutes !== undefined ? { startWindowMinutes: payload.startWindowMinutes } : {}),
  };
}

function withoutKeys(value: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Best effort, for logging a request that failed validation. */
export function claimedId(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, any>;
  const raw =
    e.pathParameters?.meetingId ?? e.pathParameters?.webinarId ?? e.detail?.meetingId ?? e.detail?.webinarId ?? e.meetingId ?? e.webinarId;
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw).slice(0, 40) : undefined;
}
