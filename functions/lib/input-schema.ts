import { z } from 'zod';
import { InvalidRequestError } from './errors';

/** Largest int64: Zoom stores meeting ids as longs, so a longer digit string cannot be a meeting. */
const INT64_MAX = 9223372036854775807n;
const MEETING_ID_DIGITS = /^[0-9]{9,19}$/;

/**
 * A meeting id as a digit string. JSON numbers are taken only while they are safe integers: a larger
 * one has already lost digits in JSON.parse, and starting someone else's meeting is worse than an error.
 */
export const meetingIdSchema = z.unknown().transform((value, ctx): string => {
  if (value === undefined || value === null) {
    ctx.addIssue({ code: 'custom', message: 'is required' });
    return z.NEVER;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'a number must be a positive safe integer; send larger ids as a string of digits',
      });
      return z.NEVER;
    }
    value = String(value);
  }
  if (typeof value !== 'string' || !MEETING_ID_DIGITS.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a string of 9 to 19 digits' });
    return z.NEVER;
  }
  if (BigInt(value) > INT64_MAX) {
    ctx.addIssue({ code: 'custom', message: 'is larger than any Zoom meeting id (int64)' });
    return z.NEVER;
  }
  return value;
});

const codePoints = (text: string): number => [...text].length;

export const settingsSchema = z.strictObject(
  {
    active_speaker_name: z.boolean({ error: 'must be true or false' }).optional(),
    display_name: z
      .string({ error: 'must be a string' })
      .refine((text) => codePoints(text) >= 1 && codePoints(text) <= 50, 'must be 1 to 50 characters')
      .optional(),
    layout: z
      .enum(['follow_host', 'gallery_view', 'speaker_view'], {
        error: 'must be one of follow_host, gallery_view, speaker_view',
      })
      .optional(),
    close_caption: z
      .enum(['burnt-in', 'embedded', 'off'], { error: 'must be one of burnt-in, embedded, off' })
      .optional(),
  },
  { error: 'must be a JSON object' },
);

/** The optional JSON body of an HTTP request. */
export const httpBodySchema = z.strictObject(
  { settings: settingsSchema.optional() },
  { error: 'must be a JSON object' },
);

/** A Scheduler target input, a direct invoke, or an EventBridge event's `detail`. */
export const payloadSchema = z.strictObject(
  { meetingId: meetingIdSchema, settings: settingsSchema.optional() },
  { error: 'must be a JSON object with meetingId and optional settings' },
);

/**
 * Parses `value` or throws INVALID_REQUEST whose message names the offending field by its path in
 * what the caller sent, e.g. `settings.layout: must be one of …` or `settings.colour: unknown key`.
 * `whole` names the value itself (`body`, `meetingId`, `detail`); `prefix` is put before inner paths
 * (`detail` for an EventBridge event, whose payload sits in that field).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, whole: string, prefix = ''): z.output<S> {
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
