// zod/mini rather than classic zod: the same validation for ~15 KB of bundle instead of ~450 KB,
// which is module-load time on every cold start.
import * as z from 'zod/mini';
import { InvalidRequestError } from '../core/errors';

/** Largest int64: Zoom stores meeting ids as longs, so a longer digit string cannot be a meeting. */
const INT64_MAX = 9223372036854775807n;
const MEETING_ID_DIGITS = /^[0-9]{9,19}$/;

/** The meeting id as a digit string, or why it is not one. */
function normaliseMeetingId(value: unknown): string | { problem: string } {
  if (value === undefined || value === null) return { problem: 'is required' };
  if (typeof value === 'number') {
    // A larger number has already lost digits in JSON.parse: better an error than someone else's meeting.
    if (!Number.isSafeInteger(value) || value <= 0) {
      return { problem: 'a number must be a positive safe integer; send larger ids as a string of digits' };
    }
    value = String(value);
  }
  if (typeof value !== 'string' || !MEETING_ID_DIGITS.test(value)) return { problem: 'must be a string of 9 to 19 digits' };
  if (BigInt(value) > INT64_MAX) return { problem: 'is larger than any Zoom meeting id (int64)' };
  return value;
}

/** A meeting id: digit string kept as it is; a JSON number only while it is a safe integer. */
export const meetingIdSchema = z.pipe(
  z.unknown(),
  z.transform((value, payload): string => {
    const result = normaliseMeetingId(value);
    if (typeof result === 'string') return result;
    payload.issues.push({ code: 'custom', message: result.problem, input: value });
    return '';
  }),
);

const codePoints = (text: string): number => [...text].length;

export const settingsSchema = z.strictObject(
  {
    active_speaker_name: z.optional(z.boolean({ error: 'must be true or false' })),
    display_name: z.optional(
      z.string({ error: 'must be a string' }).check(z.refine((text) => codePoints(text) >= 1 && codePoints(text) <= 50, 'must be 1 to 50 characters')),
    ),
    layout: z.optional(
      z.enum(['follow_host', 'gallery_view', 'speaker_view'], { error: 'must be one of follow_host, gallery_view, speaker_view' }),
    ),
    close_caption: z.optional(z.enum(['burnt-in', 'embedded', 'off'], { error: 'must be one of burnt-in, embedded, off' })),
  },
  { error: 'must be a JSON object' },
);

/** The optional JSON body of an HTTP request. */
export const httpBodySchema = z.strictObject({ settings: z.optional(settingsSchema) }, { error: 'must be a JSON object' });

/** A Scheduler target input, a direct invoke, or an EventBridge event's `detail`. */
export const payloadSchema = z.strictObject(
  { meetingId: meetingIdSchema, settings: z.optional(settingsSchema) },
  { error: 'must be a JSON object with meetingId and optional settings' },
);

/**
 * Parses `value` or throws INVALID_REQUEST whose message names the offending field by its path in
 * what the caller sent, e.g. `settings.layout: must be one of …` or `settings.colour: unknown key`.
 * `whole` names the value itself (`body`, `meetingId`, `detail`); `prefix` is put before inner paths
 * (`detail` for an EventBridge event, whose payload sits in that field).
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, whole: string, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const inner = (issue?.path ?? []).map(String);
  const name = (key?: string) => {
    const parts = [prefix, ...inner, key].filter((part): part is string => Boolean(part));
    return inner.length === 0 && key === undefined ? whole : parts.join('.');
  };
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => name(key));
    throw new InvalidRequestError(`${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''}`);
  }
  throw new InvalidRequestError(`${name()}: ${issue?.message ?? 'is invalid'}`);
}
