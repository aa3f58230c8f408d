import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';
import type * as z from 'zod/mini';
import { meetingIdSchema, settingsSchema, startWindowSchema, webinarSettingsSchema } from '../functions/lib/http/input-schema';
import { parseScheduleExpression, ScheduleExpressionError, type ScheduleExpression } from './schedule-expression';

/*
 * The `schedules` configuration, a JSON array of entries in CDK context (or in the file `schedulesFile`
 * names): read, checked entry by entry, and turned into typed entries. Every problem is reported with the entry and field,
 * all at once, so that one `cdk synth` shows everything to fix. No aws-cdk-lib import here: `npm start`
 * and the local fire command read the same configuration without loading the CDK.
 */

export type LiveStreamSettings = z.output<typeof settingsSchema>;
export type ScheduleAction = 'start' | 'stop';

/** Whose live stream an entry starts and stops: exactly one of the two ids, 9 to 19 digits kept as a string. */
export type ScheduleTarget =
  | { readonly meetingId: string; readonly webinarId?: never }
  | { readonly webinarId: string; readonly meetingId?: never };

export type ScheduleEntry = ScheduleTarget & {
  /** Letters, digits, `-` and `_`; unique. Names the Scheduler schedules `<name>-start` / `<name>-stop`. */
  readonly name: string;
  /** EventBridge Scheduler expression: `cron(…)`, `rate(…)` or `at(yyyy-mm-ddThh:mm:ss)`. */
  readonly start: string;
  readonly stop?: string;
  /** IANA time zone of the expressions. @default 'UTC' */
  readonly timezone: string;
  /** Live stream settings sent with the start (never with the stop); webinars take only two of them. */
  readonly settings?: LiveStreamSettings;
  /** How long the start waits for a meeting that has not begun. @default - the worker's default window */
  readonly startWindowMinutes?: number;
};

/** The Scheduler input: the plain payload the start worker and the stop function accept. */
export type SchedulePayload = ({ meetingId: string } | { webinarId: string }) & {
  settings?: LiveStreamSettings;
  startWindowMinutes?: number;
};

export const DEFAULT_TIMEZONE = 'UTC';

/** Scheduler allows 64 characters in a schedule name; the longest suffix added is `-start`. */
export const MAX_ENTRY_NAME_LENGTH = 64 - '-start'.length;

const ENTRY_KEYS = ['name', 'meetingId', 'webinarId', 'start', 'stop', 'timezone', 'settings', 'startWindowMinutes'] as const;
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Bad schedule configuration; `problems` holds one line per entry and field. */
export class ScheduleConfigError extends Error {
  override readonly name = 'ScheduleConfigError';

  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? '')
        : `${problems.length} problems in the schedule configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/**
 * Validates the configured array and returns normalised entries (meeting ids as strings, time zone
 * defaulted). `origin` names the source in messages, e.g. `schedules[2] "weekly-all-hands": start: …`.
 * `undefined` means nothing configured and yields `[]`; a string (from `-c schedules='[…]'`) is read as JSON.
 * @throws ScheduleConfigError listing every problem found
 */
export function parseSchedules(raw: unknown, origin = 'schedules'): ScheduleEntry[] {
  if (raw === undefined || raw === null) return [];
  // `-c schedules='[…]'` on the command line arrives as a string.
  if (typeof raw === 'string') return parseSchedules(parseJson(raw, origin), origin);
  if (!Array.isArray(raw)) throw new ScheduleConfigError([`${origin}: must be a JSON array of schedule entries`]);

  const problems: string[] = [];
  const entries: ScheduleEntry[] = [];
  const firstIndexByName = new Map<string, number>();

  raw.forEach((item: unknown, index) => {
    // Names are compared even on entries with other problems, so one synth reports every clash.
    const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
    const earlier = typeof name === 'string' ? firstIndexByName.get(name) : undefined;
    if (earlier !== undefined) {
      problems.push(`${origin}[${index}] ${JSON.stringify(name)}: name: duplicates ${origin}[${earlier}]`);
    } else if (typeof name === 'string') {
      firstIndexByName.set(name, index);
    }
    const entry = parseEntry(item, `${origin}[${index}]`, problems);
    if (entry && earlier === undefined) entries.push(entry);
  });

  if (problems.length > 0) throw new ScheduleConfigError(problems);
  return entries;
}

function parseEntry(item: unknown, at: string, problems: string[]): ScheduleEntry | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${at}: must be an object with name, meetingId (or webinarId) and start`);
    return undefined;
  }
  const record = item as Record<string, unknown>;
  const before = problems.length;

  const name = record.name;
  const nameOk = typeof name === 'string' && NAME_PATTERN.test(name) && name.length <= MAX_ENTRY_NAME_LENGTH;
  // A valid name labels every message of the entry; a bad one is quoted only in its own message.
  const label = nameOk ? `${at} ${JSON.stringify(name)}` : at;
  const report = (field: string, message: string): void => {
    problems.push(`${label}: ${field}: ${message}`);
  };

  for (const key of Object.keys(record)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
      report(key, `unknown key; an entry has only ${ENTRY_KEYS.join(', ')}`);
    }
  }
  if (!nameOk) {
    report(
      'name',
      name === undefined
        ? 'is required'
        : `must be 1 to ${MAX_ENTRY_NAME_LENGTH} letters, digits, "-" or "_" (got ${JSON.stringify(name)})`,
    );
  }

  const target = parseTarget(record, report);

  const start = parseExpressionField(record, 'start', true, report);
  const stop = parseExpressionField(record, 'stop', false, report);

  const timezone = record.timezone === undefined ? DEFAULT_TIMEZONE : record.timezone;
  const timezoneProblem = checkTimezone(timezone);
  if (timezoneProblem) report('timezone', timezoneProblem);

  let settings: LiveStreamSettings | undefined;
  if (record.settings !== undefined) {
    // Zoom's webinar live stream has no layout or captions; an unknown key fails here, not at start time.
    const schema = record.webinarId !== undefined && record.meetingId === undefined ? webinarSettingsSchema : settingsSchema;
    const parsed = schema.safeParse(record.settings);
    if (parsed.success) {
      settings = parsed.data;
    } else {
      for (const issue of parsed.error.issues) {
        const path = ['settings', ...issue.path.map(String)].join('.');
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) report(`${path}.${key}`, 'unknown key');
        } else {
          report(path, issue.message);
        }
      }
    }
  }

  const startWindow = startWindowSchema.safeParse(record.startWindowMinutes);
  if (!startWindow.success) report('startWindowMinutes', startWindow.error.issues[0]?.message ?? 'is invalid');

  if (start?.kind === 'at' && stop?.kind === 'at' && stop.localTime <= start.localTime) {
    // Both wall-clock times are in the entry's one time zone, so their text order is their time order.
    report('stop', `${stop.text} is not after start ${start.text} (both in ${String(timezone)})`);
  }

  if (problems.length > before || !target || !start) return undefined;
  return {
    name: name as string,
    ...target,
    start: start.text,
    ...(stop ? { stop: stop.text } : {}),
    timezone: timezone as string,
    ...(settings ? { settings } : {}),
    ...(startWindow.data !== undefined ? { startWindowMinutes: startWindow.data } : {}),
  };
}

/** The entry's one id, `meetingId` or `webinarId`, checked as the handlers check it. */
function parseTarget(record: Record<string, unknown>, report: (field: string, message: string) => void): ScheduleTarget | undefined {
  const given = (['meetingId', 'webinarId'] as const).filter((field) => record[field] !== undefined);
  if (given.length === 0) {
    report('meetingId', 'is required (or webinarId for a webinar)');
    return undefined;
  }
  if (given.length === 2) {
    report('webinarId', 'give either meetingId or webinarId, not both');
    return undefined;
  }
  const field = given[0] as 'meetingId' | 'webinarId';
  const parsed = meetingIdSchema.safeParse(record[field]);
  if (!parsed.success) {
    report(field, `${parsed.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(record[field])})`);
    return undefined;
  }
  return field === 'meetingId' ? { meetingId: parsed.data } : { webinarId: parsed.data };
}

function parseExpressionField(
  record: Record<string, unknown>,
  field: 'start' | 'stop',
  required: boolean,
  report: (field: string, message: string) => void,
): ScheduleExpression | undefined {
  const value = record[field];
  if (value === undefined) {
    if (required) report(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    report(field, 'must be a cron(…), rate(…) or at(…) expression string');
    return undefined;
  }
  try {
    return parseScheduleExpression(value);
  } catch (error) {
    if (error instanceof ScheduleExpressionError) {
      report(field, error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * The Scheduler target input for `action` of `entry`: the plain `{ meetingId | webinarId, settings?,
 * startWindowMinutes? }` payload the handlers accept, settings and window on starts only. The stack and
 * the local fire command both use it, so a locally fired schedule sends exactly what Scheduler sends.
 */
export function schedulePayload(
  entry: ScheduleTarget & Pick<ScheduleEntry, 'settings' | 'startWindowMinutes'>,
  action: ScheduleAction,
): SchedulePayload {
  const target = entry.meetingId !== undefined ? { meetingId: entry.meetingId } : { webinarId: entry.webinarId };
  if (action === 'stop') return target;
  return {
    ...target,
    ...(entry.settings ? { settings: entry.settings } : {}),
    ...(entry.startWindowMinutes !== undefined ? { startWindowMinutes: entry.startWindowMinutes } : {}),
  };
}

/** `meeting 123…` or `webinar 123…`, for descriptions and listings. */
export function describeScheduleTarget(entry: ScheduleTarget): string {
  return entry.meetingId !== undefined ? `meeting ${entry.meetingId}` : `webinar ${entry.webinarId}`;
}

/** Returns why `value` is not an IANA time zone name Scheduler accepts, or undefined when it is one. */
export function checkTimezone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'must be an IANA time zone name such as "Europe/Berlin"';
  // Intl also takes offsets such as "+01:00" on newer Node versions; Scheduler wants zone names.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return `${JSON.stringify(value)} is not an IANA time zone name`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return `unknown IANA time zone ${JSON.stringify(value)}`;
  }
  // Intl ignores case; Scheduler may not, so ask for the canonical spelling.
  if (resolved !== value && resolved.toLowerCase() === value.toLowerCase()) {
    return `${JSON.stringify(value)} must be spelled ${JSON.stringify(resolved)}`;
  }
  return undefined;
}

/**
 * Reads the schedules from context: the `schedules` array (from cdk.json or `-c schedules='[…]'`), or,
 * when `schedulesFile` is set, the JSON array in that file instead (relative paths from `cwd`).
 * `getContext` is `node.tryGetContext` in the CDK app, or a cdk.json reader in local tools.
 * @throws ScheduleConfigError
 */
export function readSchedulesFromContext(
  getContext: (key: string) => unknown,
  cwd: string = process.cwd(),
): ScheduleEntry[] {
  const file = getContext('schedulesFile');
  if (file !== undefined && file !== null && file !== '') {
    if (typeof file !== 'string') throw new ScheduleConfigError(['schedulesFile: must be a file path']);
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new ScheduleConfigError([`schedulesFile: cannot read ${JSON.stringify(file)} (${path}): ${reason}`]);
    }
    return parseSchedules(parseJson(text, `schedulesFile: ${JSON.stringify(file)}`), file);
  }
  return parseSchedules(getContext('schedules'), 'schedules');
}

/** `readSchedulesFromContext` for a construct's context. */
export function loadSchedules(node: Node, cwd?: string): ScheduleEntry[] {
  return readSchedulesFromContext((key) => node.tryGetContext(key), cwd);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ScheduleConfigError([`${what} is not valid JSON: ${(error as Error).message}`]);
  }
}
