/**
 * EventBridge Scheduler expressions: `cron(…)`, `rate(…)` and `at(…)`, parsed and checked before
 * deployment so that a typo fails `cdk synth` instead of a CloudFormation update half-way through.
 * The rules follow the Scheduler documentation (schedule types); anything the documentation does not
 * name (for example Quartz's `LW` or `L-3`) is refused rather than guessed at.
 */

export type RateUnit = 'minute' | 'hour' | 'day';

export type ScheduleExpression =
  | { readonly kind: 'cron'; readonly text: string; readonly fields: CronFields }
  | { readonly kind: 'rate'; readonly text: string; readonly value: number; readonly unit: RateUnit }
  | { readonly kind: 'at'; readonly text: string; readonly localTime: string };

/** The six fields of an EventBridge cron expression, each already normalised to numbers. */
export interface CronFields {
  readonly minutes: string;
  readonly hours: string;
  readonly dayOfMonth: string;
  readonly month: string;
  readonly dayOfWeek: string;
  readonly year: string;
}

/** Thrown with a reason only; the caller adds which entry and field it was. */
export class ScheduleExpressionError extends Error {
  override readonly name = 'ScheduleExpressionError';
}

export function parseScheduleExpression(text: string): ScheduleExpression {
  const trimmed = text.trim();
  if (trimmed.startsWith('cron(')) return parseCron(trimmed);
  if (trimmed.startsWith('rate(')) return parseRate(trimmed);
  if (trimmed.startsWith('at(')) return parseAt(trimmed);
  throw new ScheduleExpressionError(
    `invalid schedule expression ${JSON.stringify(text)}: must be cron(…), rate(…) or at(yyyy-mm-ddThh:mm:ss)`,
  );
}

// ---------------------------------------------------------------------------------------------- at

const AT_PATTERN = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

function parseAt(text: string): ScheduleExpression {
  const fail = (reason: string): never => {
    throw new ScheduleExpressionError(`invalid at expression ${JSON.stringify(text)}: ${reason}`);
  };
  const match = AT_PATTERN.exec(text);
  if (!match) return fail('must be at(yyyy-mm-ddThh:mm:ss)');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12) fail(`month ${month} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) fail(`${match[1]}-${match[2]} has no day ${day}`);
  if (hour > 23 || minute > 59 || second > 59) fail(`${match[4]}:${match[5]}:${match[6]} is not a time of day`);
  return { kind: 'at', text, localTime: text.slice(3, -1) };
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids any local DST effect.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// -------------------------------------------------------------------------------------------- rate

const RATE_PATTERN = /^rate\((\S+) (\S+)\)$/;

function parseRate(text: string): ScheduleExpression {
  const fail = (reason: string): never => {
    throw new ScheduleExpressionError(`invalid rate expression ${JSON.stringify(text)}: ${reason}`);
  };
  const match = RATE_PATTERN.exec(text);
  if (!match) return fail('must be rate(value unit), for example rate(5 minutes)');
  const [, valueText = '', unitText = ''] = match;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) fail('the value must be a whole number of at least 1');
  const value = Number(valueText);
  const unit = unitText.replace(/s$/, '');
  if (unit !== 'minute' && unit !== 'hour' && unit !== 'day') {
    return fail(`unit ${JSON.stringify(unitText)} must be minute(s), hour(s) or day(s)`);
  }
  const expected = value === 1 ? unit : `${unit}s`;
  if (unitText !== expected) fail(`with the value ${value} the unit is spelled "${expected}"`);
  return { kind: 'rate', text, value, unit };
}

// -------------------------------------------------------------------------------------------- cron

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
// EventBridge numbers weekdays as Quartz does: 1 is Sunday, 7 is Saturday.
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const MINUTES: FieldSpec = { label: 'minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { label: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = { label: 'month', min: 1, max: 12, names: MONTH_NAMES };
const DAY_OF_WEEK: FieldSpec = { label: 'day-of-week', min: 1, max: 7, names: WEEKDAY_NAMES };
const YEAR: FieldSpec = { label: 'year', min: 1970, max: 2199 };

function parseCron(text: string): ScheduleExpression {
  const fail = (reason: string): never => {
    throw new ScheduleExpressionError(`invalid cron expression ${JSON.stringify(text)}: ${reason}`);
  };
  if (!text.endsWith(')')) fail('must end with ")"');
  const parts = text.slice(5, -1).trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 6) {
    fail(`expected 6 fields (minutes hours day-of-month month day-of-week year), found ${parts.length}`);
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = parts;
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    fail('day-of-month and day-of-week cannot both be "?"; give one of them a value');
  }
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    fail('day-of-month and day-of-week cannot both be specified; use "?" in one of them');
  }
  try {
    const fields: CronFields = {
      minutes: normaliseList(minutes, MINUTES),
      hours: normaliseList(hours, HOURS),
      dayOfMonth: dayOfMonth === '?' ? '?' : normaliseDayOfMonth(dayOfMonth),
      month: normaliseList(month, MONTH),
      dayOfWeek: dayOfWeek === '?' ? '?' : normaliseDayOfWeek(dayOfWeek),
      year: normaliseList(year, YEAR),
    };
    return { kind: 'cron', text, fields };
  } catch (error) {
    if (error instanceof FieldError) return fail(error.message);
    throw error;
  }
}

class FieldError extends Error {}

function normaliseDayOfMonth(field: string): string {
  if (field === 'L') return 'L';
  const weekday = /^(\d+)W$/.exec(field);
  if (weekday) return `${toNumber(weekday[1] ?? '', DAY_OF_MONTH)}W`;
  if (/[LW]/i.test(field)) {
    throw new FieldError('day-of-month: L and W are allowed only alone, as "L" or as "<day>W" such as "15W"');
  }
  return normaliseList(field, DAY_OF_MONTH);
}

function normaliseDayOfWeek(field: string): string {
  // Quartz: "L" alone is the last day of the week (Saturday); "<day>L" is that weekday's last
  // occurrence in the month, which croner writes as "<day>#L".
  if (field === 'L') return '7';
  const last = /^([A-Za-z]{3}|\d+)L$/.exec(field);
  if (last) return `${toNumber(last[1] ?? '', DAY_OF_WEEK)}#L`;
  const nth = /^([A-Za-z]{3}|\d+)#(\d+)$/.exec(field);
  if (nth) {
    const occurrence = Number(nth[2]);
    if (occurrence < 1 || occurrence > 5) throw new FieldError(`day-of-week: "#${nth[2]}" must be #1 to #5`);
    return `${toNumber(nth[1] ?? '', DAY_OF_WEEK)}#${occurrence}`;
  }
  // No weekday name contains L, so any L or # left here is misplaced.
  if (/[L#]/i.test(field)) {
    throw new FieldError('day-of-week: L and # are allowed only alone, as "<day>L" or "<day>#<n>" such as "MON#1"');
  }
  return normaliseList(field, DAY_OF_WEEK);
}

/** A list of `*`, values, ranges and steps, rewritten with numbers so croner reads it as EventBridge does. */
function normaliseList(field: string, spec: FieldSpec): string {
  if (field === '?') throw new FieldError(`${spec.label}: "?" is allowed only in day-of-month or day-of-week`);
  return field
    .split(',')
    .map((item) => {
      if (item === '') throw new FieldError(`${spec.label}: "${field}" has an empty list item`);
      return normaliseItem(item, spec);
    })
    .join(',');
}

function normaliseItem(item: string, spec: FieldSpec): string {
  const [base = '', step, ...extra] = item.split('/');
  if (extra.length > 0) throw new FieldError(`${spec.label}: "${item}" has more than one "/"`);
  let range: string;
  let end = spec.max;
  if (base === '*') {
    range = '*';
  } else {
    const [fromText = '', toText, ...more] = base.split('-');
    if (more.length > 0) throw new FieldError(`${spec.label}: "${item}" is not a value or range`);
    const from = toNumber(fromText, spec);
    if (toText === undefined) {
      // "5/15" means from 5 to the end of the field in EventBridge; croner wants it spelt out.
      range = step === undefined ? String(from) : `${from}-${spec.max}`;
    } else {
      end = toNumber(toText, spec);
      if (from > end) throw new FieldError(`${spec.label}: range "${base}" runs backwards`);
      range = `${from}-${end}`;
    }
  }
  if (step === undefined) return range;
  if (!/^\d+$/.test(step) || Number(step) < 1 || Number(step) > spec.max) {
    throw new FieldError(`${spec.label}: step "/${step}" must be a whole number from 1 to ${spec.max}`);
  }
  return `${range}/${Number(step)}`;
}

function toNumber(text: string, spec: FieldSpec): number {
  const nameIndex = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (nameIndex >= 0) return spec.min + nameIndex;
  if (!/^\d+$/.test(text)) {
    const names = spec.names ? ` or a name ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    throw new FieldError(`${spec.label}: "${text}" is not a number${names}`);
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new FieldError(`${spec.label}: ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}
