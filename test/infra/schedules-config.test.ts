import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import {
  loadSchedules,
  parseSchedules,
  readSchedulesFromContext,
  ScheduleConfigError,
  schedulePayload,
} from '../../infra/schedule-config';

const MEETING = '85746065432';

/** The message parseSchedules throws for `entries`, or a failure when it does not throw. */
function configError(entries: unknown, origin?: string): string {
  try {
    parseSchedules(entries, origin);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleConfigError);
    return (error as Error).message;
  }
  throw new Error('expected parseSchedules to throw');
}

describe('parseSchedules accepts', () => {
  it('the contract example and defaults nothing it was given', () => {
    const [entry] = parseSchedules([
      {
        name: 'weekly-all-hands',
        meetingId: MEETING,
        start: 'cron(55 8 ? * MON *)',
        stop: 'cron(30 10 ? * MON *)',
        timezone: 'Europe/Berlin',
        settings: { display_name: 'All hands' },
      },
    ]);

    expect(entry).toEqual({
      name: 'weekly-all-hands',
      meetingId: MEETING,
      start: 'cron(55 8 ? * MON *)',
      stop: 'cron(30 10 ? * MON *)',
      timezone: 'Europe/Berlin',
      settings: { display_name: 'All hands' },
    });
  });

  it('a numeric meeting id as a string, and UTC when no time zone is given', () => {
    const [entry] = parseSchedules([{ name: 'launch', meetingId: 85746065432, start: 'at(2030-05-01T18:00:00)' }]);

    expect(entry).toEqual({ name: 'launch', meetingId: MEETING, start: 'at(2030-05-01T18:00:00)', timezone: 'UTC' });
  });

  it.each([
    'cron(0/15 8-17 ? * MON-FRI *)',
    'cron(0 18 L * ? *)',
    'cron(0 9 15W * ? 2030-2031)',
    'cron(0 10 ? * 6L *)',
    'cron(0 10 ? * MON#1 *)',
    'cron(5,35 14 ? JAN,JUL 2-6 *)',
    'cron(0 */2 1-15/2 * ? *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(2 hours)',
    'rate(1 day)',
    'at(2028-02-29T23:59:59)',
  ])('the expression %s', (start) => {
    expect(parseSchedules([{ name: 'x', meetingId: MEETING, start }])).toHaveLength(1);
  });

  it('a webinar by webinarId, with the settings a webinar live stream takes, and a start window', () => {
    const [entry] = parseSchedules([
      { name: 'webinar', webinarId: '91234567890', start: 'rate(1 day)', settings: { display_name: 'Launch', active_speaker_name: true }, startWindowMinutes: 30 },
    ]);

    expect(entry).toEqual({
      name: 'webinar',
      webinarId: '91234567890',
      start: 'rate(1 day)',
      timezone: 'UTC',
      settings: { display_name: 'Launch', active_speaker_name: true },
      startWindowMinutes: 30,
    });
  });

  it.each([0, 120])('a start window of %p minutes', (startWindowMinutes) => {
    expect(parseSchedules([{ name: 'w', meetingId: MEETING, start: 'rate(1 day)', startWindowMinutes }])[0]?.startWindowMinutes).toBe(
      startWindowMinutes,
    );
  });

  it('nothing configured as an empty list', () => {
    expect(parseSchedules(undefined)).toEqual([]);
    expect(parseSchedules([])).toEqual([]);
  });
});

describe('parseSchedules rejects, naming the entry and the field,', () => {
  it('a cron expression with the wrong number of fields', () => {
    const message = configError([{ name: 'weekly', meetingId: MEETING, start: 'cron(55 8 ? * MON)' }]);

    expect(message).toBe(
      'schedules[0] "weekly": start: invalid cron expression "cron(55 8 ? * MON)": expected 6 fields (minutes hours day-of-month month day-of-week year), found 5',
    );
  });

  it('a cron expression that sets both day fields', () => {
    const message = configError([
      { name: 'first', meetingId: MEETING, start: 'rate(1 day)' },
      { name: 'weekly-all-hands', meetingId: MEETING, start: 'rate(1 day)', stop: 'cron(30 10 1 * MON *)' },
    ]);

    expect(message).toBe(
      'schedules[1] "weekly-all-hands": stop: invalid cron expression "cron(30 10 1 * MON *)": day-of-month and day-of-week cannot both be specified; use "?" in one of them',
    );
  });

  it('a cron expression with "?" in both day fields', () => {
    expect(configError([{ name: 'w', meetingId: MEETING, start: 'cron(0 8 ? * ? *)' }])).toMatch(
      /^schedules\[0\] "w": start: invalid cron expression .*cannot both be "\?"/,
    );
  });

  it.each([
    ['cron(60 8 ? * MON *)', 'minutes: 60 is outside 0-59'],
    ['cron(0 24 ? * MON *)', 'hours: 24 is outside 0-23'],
    ['cron(0 8 ? * 8 *)', 'day-of-week: 8 is outside 1-7'],
    ['cron(0 8 ? * MONDAY *)', 'day-of-week: "MONDAY" is not a number'],
    ['cron(0 8 ? FOO MON *)', 'month: "FOO" is not a number'],
    ['cron(0 8 ? * MON#6 *)', 'day-of-week: "#6" must be #1 to #5'],
    ['cron(0 8 ? * MON 1969)', 'year: 1969 is outside 1970-2199'],
    ['cron(0 8 20-10 * ? *)', 'day-of-month: range "20-10" runs backwards'],
    ['cron(0 8 L,15 * ? *)', 'day-of-month: L and W are allowed only alone'],
    ['cron(*/0 8 ? * MON *)', 'minutes: step "/0" must be a whole number'],
  ])('the cron field error in %s', (start, reason) => {
    expect(configError([{ name: 'w', meetingId: MEETING, start }])).toContain(`schedules[0] "w": start: invalid cron expression "${start}": ${reason}`);
  });

  it('rate(0 minutes)', () => {
    expect(configError([{ name: 'often', meetingId: MEETING, start: 'rate(0 minutes)' }])).toBe(
      'schedules[0] "often": start: invalid rate expression "rate(0 minutes)": the value must be a whole number of at least 1',
    );
  });

  it.each([
    ['rate(1 minutes)', 'with the value 1 the unit is spelled "minute"'],
    ['rate(5 hour)', 'with the value 5 the unit is spelled "hours"'],
    ['rate(5 weeks)', 'unit "weeks" must be minute(s), hour(s) or day(s)'],
    ['rate(1.5 hours)', 'the value must be a whole number of at least 1'],
  ])('the rate expression %s', (start, reason) => {
    expect(configError([{ name: 'r', meetingId: MEETING, start }])).toBe(
      `schedules[0] "r": start: invalid rate expression "${start}": ${reason}`,
    );
  });

  it('an at() expression with an impossible date', () => {
    expect(configError([{ name: 'launch', meetingId: MEETING, start: 'at(2027-02-29T10:00:00)' }])).toBe(
      'schedules[0] "launch": start: invalid at expression "at(2027-02-29T10:00:00)": 2027-02 has no day 29',
    );
  });

  it.each([
    ['at(2030-13-01T10:00:00)', 'month 13 does not exist'],
    ['at(2030-01-01T24:00:00)', '24:00:00 is not a time of day'],
    ['at(2030-01-01 10:00:00)', 'must be at(yyyy-mm-ddThh:mm:ss)'],
  ])('the at expression %s', (start, reason) => {
    expect(configError([{ name: 'a', meetingId: MEETING, start }])).toBe(
      `schedules[0] "a": start: invalid at expression "${start}": ${reason}`,
    );
  });

  it('an expression of no known kind', () => {
    expect(configError([{ name: 'x', meetingId: MEETING, start: 'every monday' }])).toBe(
      'schedules[0] "x": start: invalid schedule expression "every monday": must be cron(…), rate(…) or at(yyyy-mm-ddThh:mm:ss)',
    );
  });

  it.each([
    ['12345678', 'must be a string of 9 to 19 digits (got "12345678")'],
    ['85746O65432', 'must be a string of 9 to 19 digits (got "85746O65432")'],
    [9007199254740993, 'a number must be a positive safe integer'],
  ])('the meeting id %p', (meetingId, reason) => {
    expect(configError([{ name: 'm', meetingId, start: 'rate(1 day)' }])).toContain(`schedules[0] "m": meetingId: ${reason}`);
  });

  it('a missing meeting id and start', () => {
    expect(configError([{ name: 'm' }])).toBe(
      '2 problems in the schedule configuration:\n' +
        '  - schedules[0] "m": meetingId: is required (or webinarId for a webinar)\n' +
        '  - schedules[0] "m": start: is required',
    );
  });

  it('both a meeting id and a webinar id', () => {
    expect(configError([{ name: 'both', meetingId: MEETING, webinarId: '91234567890', start: 'rate(1 day)' }])).toBe(
      'schedules[0] "both": webinarId: give either meetingId or webinarId, not both',
    );
  });

  it('a bad webinar id, naming that field', () => {
    expect(configError([{ name: 'w', webinarId: '123', start: 'rate(1 day)' }])).toBe(
      'schedules[0] "w": webinarId: must be a string of 9 to 19 digits (got "123")',
    );
  });

  it('a meeting-only setting on a webinar', () => {
    const entry = { name: 'w', webinarId: '91234567890', start: 'rate(1 day)', settings: { layout: 'gallery_view' } };

    expect(configError([entry])).toBe('schedules[0] "w": settings.layout: unknown key');
  });

  it.each([-1, 121, 1.5, '15', null])('the start window %p', (startWindowMinutes) => {
    expect(configError([{ name: 'x', meetingId: MEETING, start: 'rate(1 day)', startWindowMinutes }])).toBe(
      'schedules[0] "x": startWindowMinutes: must be a whole number of minutes from 0 to 120',
    );
  });

  it('an unknown time zone', () => {
    expect(configError([{ name: 'tz', meetingId: MEETING, start: 'rate(1 day)', timezone: 'Europe/Berln' }])).toBe(
      'schedules[0] "tz": timezone: unknown IANA time zone "Europe/Berln"',
    );
  });

  it.each([
    ['+01:00', '"+01:00" is not an IANA time zone name'],
    ['europe/berlin', '"europe/berlin" must be spelled "Europe/Berlin"'],
  ])('the time zone %s', (timezone, reason) => {
    expect(configError([{ name: 'tz', meetingId: MEETING, start: 'rate(1 day)', timezone }])).toBe(
      `schedules[0] "tz": timezone: ${reason}`,
    );
  });

  it('a duplicate name', () => {
    const entry = { name: 'weekly', meetingId: MEETING, start: 'rate(1 day)' };

    expect(configError([entry, { ...entry, meetingId: '123456789' }])).toBe(
      'schedules[1] "weekly": name: duplicates schedules[0]',
    );
  });

  it('a one-time stop before its one-time start', () => {
    const entry = {
      name: 'launch',
      meetingId: MEETING,
      start: 'at(2030-05-01T18:00:00)',
      stop: 'at(2030-05-01T17:30:00)',
      timezone: 'Europe/Berlin',
    };

    expect(configError([entry])).toBe(
      'schedules[0] "launch": stop: at(2030-05-01T17:30:00) is not after start at(2030-05-01T18:00:00) (both in Europe/Berlin)',
    );
  });

  it('a one-time stop at the same time as its start', () => {
    const entry = { name: 'launch', meetingId: MEETING, start: 'at(2030-05-01T18:00:00)', stop: 'at(2030-05-01T18:00:00)' };

    expect(configError([entry])).toMatch(/^schedules\[0\] "launch": stop: .* is not after start/);
  });

  it('an unknown settings key', () => {
    const entry = { name: 's', meetingId: MEETING, start: 'rate(1 day)', settings: { display_name: 'x', colour: 'red' } };

    expect(configError([entry])).toBe('schedules[0] "s": settings.colour: unknown key');
  });

  it.each([
    [{ display_name: '' }, 'settings.display_name: must be 1 to 50 characters'],
    [{ display_name: 'x'.repeat(51) }, 'settings.display_name: must be 1 to 50 characters'],
    [{ layout: 'grid' }, 'settings.layout: must be one of follow_host, gallery_view, speaker_view'],
    [{ close_caption: 'on' }, 'settings.close_caption: must be one of burnt-in, embedded, off'],
    [{ active_speaker_name: 'yes' }, 'settings.active_speaker_name: must be true or false'],
  ])('the settings %p', (settings, reason) => {
    expect(configError([{ name: 's', meetingId: MEETING, start: 'rate(1 day)', settings }])).toBe(`schedules[0] "s": ${reason}`);
  });

  it('an unknown key in the entry', () => {
    expect(configError([{ name: 'k', meetingId: MEETING, start: 'rate(1 day)', timeZone: 'UTC' }])).toMatch(
      /^schedules\[0\] "k": timeZone: unknown key; an entry has only name, meetingId, webinarId, start, stop, timezone, settings, startWindowMinutes$/,
    );
  });

  it('a bad name, labelling the entry by its index', () => {
    expect(configError([{ name: 'weekly all hands', meetingId: MEETING, start: 'rate(1 day)' }])).toBe(
      'schedules[0]: name: must be 1 to 58 letters, digits, "-" or "_" (got "weekly all hands")',
    );
  });

  it('a name too long for the Scheduler schedule name it becomes', () => {
    expect(configError([{ name: 'n'.repeat(59), meetingId: MEETING, start: 'rate(1 day)' }])).toMatch(
      /^schedules\[0\]: name: must be 1 to 58 letters/,
    );
  });

  it('something other than an array, and entries that are not objects', () => {
    expect(configError({ name: 'x' })).toBe('schedules: must be a JSON array of schedule entries');
    expect(configError(['x'])).toBe('schedules[0]: must be an object with name, meetingId (or webinarId) and start');
  });

  it('with every problem listed at once, under the given origin', () => {
    const message = configError(
      [
        { name: 'a', meetingId: '1', start: 'rate(1 day)' },
        { name: 'b', meetingId: MEETING, start: 'rate(1 day)', timezone: 'Mars/Olympus' },
      ],
      'schedules.json',
    );

    expect(message.split('\n')).toEqual([
      '2 problems in the schedule configuration:',
      '  - schedules.json[0] "a": meetingId: must be a string of 9 to 19 digits (got "1")',
      '  - schedules.json[1] "b": timezone: unknown IANA time zone "Mars/Olympus"',
    ]);
  });
});

describe('reading schedules from context', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schedules-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = { name: 'from-file', meetingId: MEETING, start: 'rate(1 day)' };

  it('takes the schedules array from context', () => {
    const app = new App({ context: { schedules: [entry] } });

    expect(loadSchedules(app.node).map((e) => e.name)).toEqual(['from-file']);
  });

  it('parses a schedules value given as a JSON string on the command line', () => {
    const context: Record<string, unknown> = { schedules: JSON.stringify([entry]) };

    expect(readSchedulesFromContext((key) => context[key]).map((e) => e.name)).toEqual(['from-file']);
  });

  it('replaces the array with the file named by schedulesFile, relative to the working directory', () => {
    writeFileSync(join(dir, 'schedules.json'), JSON.stringify([entry]));
    const context: Record<string, unknown> = { schedules: [{ ...entry, name: 'from-context' }], schedulesFile: 'schedules.json' };

    expect(readSchedulesFromContext((key) => context[key], dir).map((e) => e.name)).toEqual(['from-file']);
  });

  it('names the file in errors about its entries', () => {
    writeFileSync(join(dir, 'schedules.json'), JSON.stringify([{ ...entry, start: 'rate(0 days)' }]));
    const context: Record<string, unknown> = { schedulesFile: 'schedules.json' };

    expect(() => readSchedulesFromContext((key) => context[key], dir)).toThrow(
      'schedules.json[0] "from-file": start: invalid rate expression "rate(0 days)"',
    );
  });

  it('fails clearly when the file is missing', () => {
    const context: Record<string, unknown> = { schedulesFile: 'missing.json' };

    expect(() => readSchedulesFromContext((key) => context[key], dir)).toThrow(
      `schedulesFile: cannot read "missing.json" (${join(dir, 'missing.json')}): no such file`,
    );
  });

  it('fails clearly when the file is not JSON', () => {
    writeFileSync(join(dir, 'schedules.json'), '[{ name: nope }]');
    const context: Record<string, unknown> = { schedulesFile: 'schedules.json' };

    expect(() => readSchedulesFromContext((key) => context[key], dir)).toThrow(/^schedulesFile: "schedules.json" is not valid JSON: /);
  });
});

describe('schedulePayload', () => {
  const entry = { meetingId: MEETING, settings: { display_name: 'All hands' } };

  it('sends the meeting id and settings with a start', () => {
    expect(schedulePayload(entry, 'start')).toEqual({ meetingId: MEETING, settings: { display_name: 'All hands' } });
  });

  it('sends only the meeting id with a stop', () => {
    expect(schedulePayload(entry, 'stop')).toEqual({ meetingId: MEETING });
  });

  it('sends the start window with a start only, next to the id and settings', () => {
    const windowed = { ...entry, startWindowMinutes: 45 };

    expect(JSON.stringify(schedulePayload(windowed, 'start'))).toBe(
      `{"meetingId":"${MEETING}","settings":{"display_name":"All hands"},"startWindowMinutes":45}`,
    );
    expect(schedulePayload(windowed, 'stop')).toEqual({ meetingId: MEETING });
  });

  it('sends the webinar id for a webinar', () => {
    const webinar = { webinarId: '91234567890', startWindowMinutes: 0 };

    expect(schedulePayload(webinar, 'start')).toEqual({ webinarId: '91234567890', startWindowMinutes: 0 });
    expect(schedulePayload(webinar, 'stop')).toEqual({ webinarId: '91234567890' });
  });
});

describe('parseSchedules given a string', () => {
  it('reads it as the JSON array a command-line context value carries', () => {
    const raw = JSON.stringify([{ name: 'cli', meetingId: MEETING, start: 'rate(1 day)' }]);

    expect(parseSchedules(raw).map((entry) => entry.name)).toEqual(['cli']);
  });

  it('names the setting when the string is not JSON', () => {
    expect(configError('[{name: x}]')).toMatch(/^schedules is not valid JSON: /);
  });
});
