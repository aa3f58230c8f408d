import { formatFireTime, nextFireTimes } from '../../infra/schedule-times';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

describe('nextFireTimes', () => {
  it('keeps a weekly Monday 08:55 in Europe/Berlin at 08:55 local across the spring DST change', () => {
    const entry = { start: 'cron(55 8 ? * MON *)', timezone: 'Europe/Berlin' };

    const times = nextFireTimes(entry, 'start', new Date('2025-03-20T00:00:00Z'), 3);

    // 2025-03-30 is the switch from CET (UTC+1) to CEST (UTC+2).
    expect(iso(times)).toEqual(['2025-03-24T07:55:00.000Z', '2025-03-31T06:55:00.000Z', '2025-04-07T06:55:00.000Z']);
    expect(times.map((time) => formatFireTime(time, 'Europe/Berlin'))).toEqual([
      '2025-03-24 08:55:00 GMT+1',
      '2025-03-31 08:55:00 GMT+2',
      '2025-04-07 08:55:00 GMT+2',
    ]);
  });

  it('lists the stop of the same entry in autumn, when Berlin falls back to UTC+1', () => {
    const entry = { start: 'cron(55 8 ? * MON *)', stop: 'cron(30 10 ? * MON *)', timezone: 'Europe/Berlin' };

    expect(iso(nextFireTimes(entry, 'stop', new Date('2025-10-21T00:00:00Z'), 2))).toEqual([
      '2025-10-27T09:30:00.000Z',
      '2025-11-03T09:30:00.000Z',
    ]);
  });

  it('skips a daily time that does not exist on the spring-forward day, as Scheduler does', () => {
    const entry = { start: 'cron(30 2 * * ? *)', timezone: 'Europe/Berlin' };

    expect(iso(nextFireTimes(entry, 'start', new Date('2025-03-29T00:00:00Z'), 3))).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z',
    ]);
  });

  it('fires a wall-clock time that occurs twice on the fall-back day only once, as Scheduler does', () => {
    const entry = { start: 'cron(30 * * * ? *)', timezone: 'Europe/Berlin' };

    const times = nextFireTimes(entry, 'start', new Date('2025-10-26T00:00:00Z'), 3);

    expect(times.map((time) => formatFireTime(time, 'Europe/Berlin'))).toEqual([
      '2025-10-26 02:30:00 GMT+2',
      '2025-10-26 03:30:00 GMT+1',
      '2025-10-26 04:30:00 GMT+1',
    ]);
  });

  it.each([
    ['cron(0 10 ? * 3#2 *)', 'the second Tuesday (weekday 3 is Tuesday)', '2025-03-11T10:00:00.000Z'],
    ['cron(0 10 ? * 6L *)', 'the last Friday', '2025-03-28T10:00:00.000Z'],
    ['cron(0 10 ? * L *)', 'Saturday, the last day of the week', '2025-03-01T10:00:00.000Z'],
    ['cron(0 10 L * ? *)', 'the last day of the month', '2025-03-31T10:00:00.000Z'],
    ['cron(0 10 15W * ? *)', 'the weekday nearest the 15th (a Saturday)', '2025-03-14T10:00:00.000Z'],
    ['cron(10/20 10 ? * SUN *)', 'Sunday 10:10, a step from an offset', '2025-03-02T10:10:00.000Z'],
    ['cron(0 10 1 JAN ? 2027)', 'a year given', '2027-01-01T10:00:00.000Z'],
  ])('reads %s as EventBridge does: %s', (start, _meaning, expected) => {
    const [first] = nextFireTimes({ start, timezone: 'UTC' }, 'start', new Date('2025-03-01T00:00:00Z'), 1);

    expect(first?.toISOString()).toBe(expected);
  });

  it('fires an at() once, at its wall-clock time in its time zone', () => {
    const entry = { start: 'at(2030-05-01T18:00:00)', timezone: 'America/New_York' };

    expect(iso(nextFireTimes(entry, 'start', new Date('2030-01-01T00:00:00Z'), 3))).toEqual(['2030-05-01T22:00:00.000Z']);
  });

  it('lists nothing for an at() already past', () => {
    const entry = { start: 'at(2024-05-01T18:00:00)', timezone: 'UTC' };

    expect(nextFireTimes(entry, 'start', new Date('2025-01-01T00:00:00Z'), 3)).toEqual([]);
  });

  it('counts a rate() from the given time', () => {
    const entry = { start: 'rate(90 minutes)', timezone: 'Europe/Berlin' };

    expect(iso(nextFireTimes(entry, 'start', new Date('2025-01-01T00:00:00Z'), 3))).toEqual([
      '2025-01-01T01:30:00.000Z',
      '2025-01-01T03:00:00.000Z',
      '2025-01-01T04:30:00.000Z',
    ]);
  });

  it('counts rate() days as 24 hours, even across a DST change', () => {
    const entry = { start: 'rate(1 day)', timezone: 'Europe/Berlin' };

    expect(iso(nextFireTimes(entry, 'start', new Date('2025-03-29T12:00:00Z'), 2))).toEqual([
      '2025-03-30T12:00:00.000Z',
      '2025-03-31T12:00:00.000Z',
    ]);
  });

  it('lists nothing for a stop that is not configured', () => {
    expect(nextFireTimes({ start: 'rate(1 day)', timezone: 'UTC' }, 'stop', new Date(), 3)).toEqual([]);
  });
});
