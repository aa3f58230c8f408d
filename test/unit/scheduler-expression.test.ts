import { atExpression } from '../../functions/lib/aws/eventbridge-start-scheduler';

/** One-time schedules say their time in the meeting's zone, except where that wall-clock time is ambiguous. */
it("writes the meeting's wall-clock time in its time zone", () => {
  expect(atExpression({ at: Date.UTC(2026, 2, 2, 8, 0), timezone: 'Europe/Berlin' })).toEqual({
    ScheduleExpression: 'at(2026-03-02T09:00:00)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
  });
});

it('keeps the zone for the first of two 01:30s on the night clocks go back', () => {
  // 2026-11-01 in New York: 01:30 EDT is 05:30 UTC, and 01:30 EST an hour later.
  expect(atExpression({ at: Date.UTC(2026, 10, 1, 5, 30), timezone: 'America/New_York' })).toEqual({
    ScheduleExpression: 'at(2026-11-01T01:30:00)',
    ScheduleExpressionTimezone: 'America/New_York',
  });
});

it('writes the second 01:30 in UTC, which Scheduler would otherwise take for the first', () => {
  expect(atExpression({ at: Date.UTC(2026, 10, 1, 6, 30), timezone: 'America/New_York' })).toEqual({
    ScheduleExpression: 'at(2026-11-01T06:30:00)',
    ScheduleExpressionTimezone: 'UTC',
  });
});
