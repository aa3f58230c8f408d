import type { MeetingPatch, OccurrenceInput } from './types';

const CHECKS: Record<keyof MeetingPatch, (value: unknown) => boolean> = {
  type: (value) => Number.isInteger(value),
  topic: (value) => typeof value === 'string',
  start_time: (value) => typeof value === 'string',
  duration: (value) => Number.isInteger(value) && (value as number) > 0,
  timezone: (value) => typeof value === 'string' && value.length > 0,
  occurrences: (value) =>
    Array.isArray(value) &&
    value.every((o: unknown) => typeof o === 'object' && o !== null && typeof (o as OccurrenceInput).start_time === 'string'),
};

/** Reads a meeting patch sent as JSON to the control API; throws naming the first bad field. */
export function parseMeetingPatch(value: unknown): MeetingPatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Body must be a JSON object');
  const patch: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const check = CHECKS[key as keyof MeetingPatch];
    if (!check) throw new Error(`Unknown field "${key}"; allowed: ${Object.keys(CHECKS).join(', ')}`);
    if (!check(field)) throw new Error(`Invalid field "${key}"`);
    patch[key] = field;
  }
  // Types are checked above; whether `type` suits a meeting or a webinar is the lifecycle's call.
  return patch as MeetingPatch;
}
