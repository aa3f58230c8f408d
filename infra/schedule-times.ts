import { wallClockTime } from '../functions/lib/core/clock';
import { Cron } from 'croner';
import type { ScheduleAction, ScheduleEntry } from './schedule-config';
import { parseScheduleExpression, type CronFields, type RateUnit } from './schedule-expression';

/*
 * When will a configured schedule fire? Used by `npm start` to list schedules; AWS is not asked.
 * Limitations, all from how Scheduler itself behaves:
 * - cron: evaluated with croner in the entry's time zone. Like Scheduler, a time that does not exist
 *   (spring forward) is skipped and a wall-clock time that occurs twice (fall back) is listed once.
 * - rate: Scheduler counts from when the schedule was created (it fires at once, then every period;
 *   `days` are 24-hour periods), which is not known here, so the times are counted from `from`.
 * - at: listed once while it is after `from`; a time inside a DST gap is taken as croner reads it.
 */

const RATE_UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** croner's reading of an EventBridge cron: seconds prepended, weekdays numbered 1 (Sunday) to 7. */
export function toCronerPattern(fields: CronFields): string {
  const { minutes, hours, dayOfMonth, month, dayOfWeek, year } = fields;
  return `0 ${minutes} ${hours} ${dayOfMonth} ${month} ${dayOfWeek} ${year}`;
}

/**
 * The next `count` times (after `from`) at which `action` of `entry` fires; `[]` for a stop that is
 * not configured or a one-time schedule already past.
 */
export function nextFireTimes(
  entry: Pick<ScheduleEntry, 'start' | 'stop' | 'timezone'>,
  action: ScheduleAction,
  from: Date,
  count: number,
): Date[] {
  const text = action === 'start' ? entry.start : entry.stop;
  if (text === undefined || count <= 0) return [];
  const expression = parseScheduleExpression(text);

  switch (expression.kind) {
    case 'rate': {
      const period = expression.value * RATE_UNIT_MS[expression.unit];
      return Array.from({ length: count }, (_, index) => new Date(from.getTime() + period * (index + 1)));
    }
    case 'at': {
      const once = new Cron(expression.localTime, { timezone: entry.timezone, paused: true }).nextRun(from);
      return once ? [once] : [];
    }
    case 'cron':
      return nextCronTimes(expression.fields, entry.timezone, from, count);
  }
}

function nextCronTimes(fields: CronFields, timezone: string, from: Date, count: number): Date[] {
  const cron = new Cron(toCronerPattern(fields), {
    timezone,
    mode: '7-part',
    alternativeWeekdays: true,
    paused: true,
  });
  const times: Date[] = [];
  const seenWallClock = new Set<string>();
  let cursor = from;
  // Each skipped candidate is a DST artefact; a generous bound keeps a pathological pattern finite.
  for (let guard = 0; times.length < count && guard < count * 4 + 16; guard += 1) {
    const next = cron.nextRun(cursor);
    if (!next) break;
    cursor = next;
    // croner moves a fixed time that falls into a spring-forward gap to after the gap; Scheduler skips it.
    if (!cron.match(next)) continue;
    const wallClock = wallClockTime(next.getTime(), timezone);
    if (seenWallClock.has(wallClock)) continue;
    seenWallClock.add(wallClock);
    times.push(next);
  }
  return times;
}

/** `2025-03-31 08:55:00 GMT+2`: the wall-clock time in `timezone`, with its offset. */
export function formatFireTime(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}
