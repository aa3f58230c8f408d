import { wallClockTime } from '../../functions/lib/core/clock';
import { nextOccurrence } from '../../functions/lib/use-cases/occurrences';
import { readMeeting, type ZoomMeeting } from '../../functions/lib/zoom/meeting';

/** The rules that pick the time a meeting is started at, on meetings as Zoom's GET answers them. */
const NOW = Date.UTC(2026, 2, 2, 9, 0);
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const meeting = (fields: Record<string, unknown>): ZoomMeeting => readMeeting({ id: 85746065432, ...fields });
const occurrence = (startMs: number, extra: Record<string, unknown> = {}) => ({ occurrence_id: String(startMs), start_time: iso(startMs), duration: 60, status: 'available', ...extra });

describe('a scheduled meeting (type 2)', () => {
  it('starts at its start time, in its time zone, for its duration', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: '2026-03-02T11:00:00Z', duration: 45, timezone: 'Asia/Tokyo' }), 'meeting', NOW);

    expect(next).toEqual({ startMs: Date.UTC(2026, 2, 2, 11, 0), durationMinutes: 45, timezone: 'Asia/Tokyo' });
  });

  it('is still to be started while it runs', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: iso(NOW - 30 * MINUTE), duration: 60, timezone: 'UTC' }), 'meeting', NOW);

    expect(next).toMatchObject({ startMs: NOW - 30 * MINUTE });
  });

  it('has no time to start at once it has ended', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: iso(NOW - 90 * MINUTE), duration: 60, timezone: 'UTC' }), 'meeting', NOW);

    expect(next).toEqual({ problem: `took place already (${new Date(NOW - 90 * MINUTE).toISOString()})` });
  });

  it('has no time to start at again after its start was handled', () => {
    const startMs = NOW - 10 * MINUTE;

    const next = nextOccurrence(meeting({ type: 2, start_time: iso(startMs), duration: 60 }), 'meeting', NOW, startMs);

    expect(next).toHaveProperty('problem');
  });

  it('lasts an hour when Zoom gives no duration', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: '2026-03-02T11:00:00Z', timezone: 'UTC' }), 'meeting', NOW);

    expect(next).toMatchObject({ durationMinutes: 60 });
  });

  it('is taken in UTC when its time zone is not one Intl knows', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: '2026-03-02T11:00:00Z', timezone: 'Mars/Olympus_Mons' }), 'meeting', NOW);

    expect(next).toMatchObject({ timezone: 'UTC' });
  });

  it('is taken in UTC when Zoom gives no time zone', () => {
    const next = nextOccurrence(meeting({ type: 2, start_time: '2026-03-02T11:00:00Z' }), 'meeting', NOW);

    expect(next).toMatchObject({ timezone: 'UTC' });
  });

  it('has no time when Zoom gives no start time', () => {
    const next = nextOccurrence(meeting({ type: 2 }), 'meeting', NOW);

    expect(next).toEqual({ problem: 'has no start time in Zoom' });
  });
});

describe('meetings without a time', () => {
  it('refuses an instant meeting (type 1), though Zoom shows its creation as start time', () => {
    const next = nextOccurrence(meeting({ type: 1, start_time: iso(NOW + MINUTE) }), 'meeting', NOW);

    expect(next).toEqual({ problem: 'is an instant meeting: it has no scheduled time to start at' });
  });

  it('refuses a recurring meeting with no fixed time (type 3)', () => {
    const next = nextOccurrence(meeting({ type: 3 }), 'meeting', NOW);

    expect(next).toEqual({ problem: 'is a recurring meeting with no fixed time: Zoom has no time to start it at' });
  });

  it('refuses a recurring webinar with no fixed time (type 6), calling it a webinar', () => {
    const next = nextOccurrence(meeting({ type: 6 }), 'webinar', NOW);

    expect(next).toEqual({ problem: 'is a recurring webinar with no fixed time: Zoom has no time to start it at' });
  });
});

describe('a recurring meeting with a fixed time (type 8)', () => {
  const day = 24 * 60 * MINUTE;
  const first = NOW + day;
  const second = NOW + 8 * day;
  const third = NOW + 15 * day;

  it('starts at its earliest occurrence still to come, whatever order Zoom lists them in', () => {
    const next = nextOccurrence(meeting({ type: 8, timezone: 'UTC', occurrences: [occurrence(third), occurrence(first), occurrence(second)] }), 'meeting', NOW);

    expect(next).toMatchObject({ startMs: first, occurrenceId: String(first) });
  });

  it('skips an occurrence Zoom marks deleted', () => {
    const next = nextOccurrence(meeting({ type: 8, occurrences: [occurrence(first, { status: 'deleted' }), occurrence(second)] }), 'meeting', NOW);

    expect(next).toMatchObject({ startMs: second });
  });

  it('skips an occurrence that has ended', () => {
    const next = nextOccurrence(meeting({ type: 8, occurrences: [occurrence(NOW - 2 * 60 * MINUTE), occurrence(first)] }), 'meeting', NOW);

    expect(next).toMatchObject({ startMs: first });
  });

  it('after an occurrence was handled, starts the one after it even while the handled one still runs', () => {
    const running = NOW - 10 * MINUTE;

    const next = nextOccurrence(meeting({ type: 8, occurrences: [occurrence(running), occurrence(first)] }), 'meeting', NOW, running);

    expect(next).toMatchObject({ startMs: first });
  });

  it("uses the occurrence's own duration over the meeting's", () => {
    const next = nextOccurrence(meeting({ type: 8, duration: 30, occurrences: [occurrence(first, { duration: 90 })] }), 'meeting', NOW);

    expect(next).toMatchObject({ durationMinutes: 90 });
  });

  it("uses the meeting's duration when the occurrence has none", () => {
    const next = nextOccurrence(meeting({ type: 8, duration: 30, occurrences: [occurrence(first, { duration: undefined })] }), 'meeting', NOW);

    expect(next).toMatchObject({ durationMinutes: 30 });
  });

  it('has no upcoming occurrence once the last has been handled', () => {
    const next = nextOccurrence(meeting({ type: 8, occurrences: [occurrence(first)] }), 'meeting', first + MINUTE, first);

    expect(next).toEqual({ problem: 'has no upcoming occurrence' });
  });

  it("keeps the meeting's wall-clock time across the change to summer time", () => {
    // 10:00 in Berlin every Tuesday: 09:00 UTC in winter, 08:00 UTC from 29 March 2026.
    const beforeChange = Date.UTC(2026, 2, 24, 9, 0);
    const afterChange = Date.UTC(2026, 2, 31, 8, 0);
    const zoomMeeting = meeting({ type: 8, timezone: 'Europe/Berlin', occurrences: [occurrence(beforeChange), occurrence(afterChange)] });

    const next = nextOccurrence(zoomMeeting, 'meeting', beforeChange + 2 * 60 * MINUTE, beforeChange);

    expect(next).toMatchObject({ startMs: afterChange, timezone: 'Europe/Berlin' });
    expect(wallClockTime(afterChange, 'Europe/Berlin')).toBe('2026-03-31T10:00:00');
  });
});

describe('wallClockTime: the at(…) time of an instant in a zone', () => {
  it.each([
    ['UTC', 'UTC', Date.UTC(2026, 2, 2, 11, 0, 5), '2026-03-02T11:00:05'],
    ['Berlin in winter (UTC+1)', 'Europe/Berlin', Date.UTC(2026, 0, 15, 9, 30), '2026-01-15T10:30:00'],
    ['Berlin in summer (UTC+2)', 'Europe/Berlin', Date.UTC(2026, 6, 15, 9, 30), '2026-07-15T11:30:00'],
    ['New York in winter (UTC-5), the day before in UTC terms', 'America/New_York', Date.UTC(2026, 0, 15, 2, 0), '2026-01-14T21:00:00'],
    ['New York in summer (UTC-4)', 'America/New_York', Date.UTC(2026, 6, 15, 2, 0), '2026-07-14T22:00:00'],
    ['Kolkata (UTC+5:30)', 'Asia/Kolkata', Date.UTC(2026, 2, 2, 20, 45), '2026-03-03T02:15:00'],
    ['Lord Howe in its half-hour summer time (UTC+11)', 'Australia/Lord_Howe', Date.UTC(2026, 0, 15, 0, 0), '2026-01-15T11:00:00'],
    ['Kiritimati (UTC+14), across the new year', 'Pacific/Kiritimati', Date.UTC(2026, 11, 31, 10, 0), '2027-01-01T00:00:00'],
  ])('%s', (_label, zone, instant, expected) => {
    expect(wallClockTime(instant, zone)).toBe(expected);
  });

  it('writes midnight as 00, never 24', () => {
    expect(wallClockTime(Date.UTC(2026, 2, 1, 23, 0), 'Europe/Berlin')).toBe('2026-03-02T00:00:00');
  });

  it('gives the first minute of summer time for the instant clocks jump forward', () => {
    // 2026-03-08 02:00 EST does not exist in New York: that instant reads 03:00 EDT.
    expect(wallClockTime(Date.UTC(2026, 2, 8, 7, 0), 'America/New_York')).toBe('2026-03-08T03:00:00');
  });
});
