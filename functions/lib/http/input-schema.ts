// zod/mini rather than classic zod: the same validation for ~15 KB of bundle instead of ~450 KB,
// which is module-load time on every cold start.
import * as z from 'zod/mini';
import { InvalidRequestError } from '../core/errors';
import { MAX_START_WINDOW_MINUTES, normaliseZoomId, type LiveStreamSettings, type TargetKind } from '../core/target';

/** A meeting or webinar id: digit string kept as it is; a JSON number only while it is a safe integer. */
export const meetingIdSchema = z.pipe(
  z.unknown(),
  z.transform((value, payload): string => {
    const result = normaliseZoomId(value);
    if (typeof result === 'string') return result;
    payload.issues.push({ code: 'custom', message: result.problem, input: value });
    return '';
  }),
);

const codePoints = (text: string): number => [...text].length;

const displayName = z.optional(
  z.string({ error: 'must be a string' }).check(z.refine((text) => codePoints(text) >= 1 && codePoints(text) <= 50, 'must be 1 to 50 characters')),
);
const activeSpeakerName = z.optional(z.boolean({ error: 'must be true or false' }));

export const settingsSchema = z.strictObject(
  {
    active_speaker_name: activeSpeakerName,
    display_name: displayName,
    layout: z.optional(
      z.enum(['follow_host', 'gallery_view', 'speaker_view'], { error: 'must be one of follow_host, gallery_view, speaker_view' }),
    ),
    close_caption: z.optional(z.enum(['burnt-in', 'embedded', 'off'], { error: 'must be one of burnt-in, embedded, off' })),
  },
  { error: 'must be a JSON object' },
);

/** Zoom's webinar live stream takes only these two settings. */
export const webinarSettingsSchema = z.strictObject(
  { active_speaker_name: activeSpeakerName, display_name: displayName },
  { error: 'must be a JSON object' },
);

export const settingsSchemaFor = (kind: TargetKind) => (kind === 'meeting' ? settingsSchema : webinarSettingsSchema);

export const startWindowSchema = z.optional(
  z.number({ error: `must be a whole number of minutes from 0 to ${MAX_START_WINDOW_MINUTES}` }).check(
    z.refine((n) => Number.isInteger(n) && n >= 0 && n <= MAX_START_WINDOW_MINUTES, `must be a whole number of minutes from 0 to ${MAX_START_WINDOW_MINUTES}`),
  ),
);

/** The optional JSON body of a start or stop: `{"settings": {…}}`; the settings are checked per kind after. */
export const liveStreamBodySchema = z.strictObject({ settings: z.optional(z.unknown()) }, { error: 'must be a JSON object' });

/** The optional JSON body of an auto-start registration; the settings are checked per kind after. */
export const autoStartBodySchema = z.strictObject(
  {
    settings: z.optional(z.unknown()),
    schedule: z.optional(z.boolean({ error: 'must be true or false' })),
    keepAlive: z.optional(z.boolean({ error: 'must be true or false' })),
  },
  { error: 'must be a JSON object' },
);

const urlWith = (protocols: readonly string[], max: number) =>
  z.string({ error: 'is required and must be a string' }).check(
    z.refine((text) => text.length <= max, `must be at most ${max} characters`),
    z.refine((text) => {
      try {
        return protocols.includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, `must be a ${protocols.map((p) => p.replace(':', '')).join(', ')} URL`),
  );

/** A custom live stream target, checked as Zoom checks it before anything is sent. */
export const streamConfigSchema = z.strictObject(
  {
    stream_url: urlWith(['rtmp:', 'rtmps:', 'http:', 'https:'], 1024),
    stream_key: z.string({ error: 'is required and must be a string' }).check(
      z.refine((text) => text.length >= 1 && text.length <= 512, 'must be 1 to 512 characters'),
    ),
    page_url: urlWith(['http:', 'https:'], 1024),
    resolution: z.optional(z.enum(['720p', '1080p'], { error: 'must be 720p or 1080p' })),
  },
  { error: 'must be a JSON object with stream_url, stream_key and page_url' },
);

/** The keys of a plain payload (a Scheduler input, a direct invoke, an EventBridge `detail`). */
export const payloadSchema = z.strictObject(
  {
    meetingId: z.optional(z.unknown()),
    webinarId: z.optional(z.unknown()),
    settings: z.optional(z.unknown()),
    startWindowMinutes: startWindowSchema,
  },
  { error: 'must be a JSON object with meetingId or webinarId and optional settings' },
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

/** Settings for a target kind, typed as the one settings type the rest of the system uses. */
export function parseSettings(kind: TargetKind, value: unknown, field: string): LiveStreamSettings | undefined {
  if (value === undefined) return undefined;
  return parseInput(settingsSchemaFor(kind), value, field, field);
}
