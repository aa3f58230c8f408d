import { DEFAULT_BACKOFF, backoffDelay } from '../../functions/lib/zoom/zoom-call';
import { changeLiveStream, type ChangeLiveStreamDeps } from '../../functions/lib/use-cases/change-live-stream';
import type { LiveStreamCommand } from '../../functions/lib/core/target';
import {
  ConfigurationError,
  MeetingNotFoundError,
  MeetingNotStartedError,
  MissingScopeError,
  RateLimitedError,
  StreamNotConfiguredError,
  TokenRejectedError,
  ZoomRejectedError,
  ZoomUnavailableError,
} from '../../functions/lib/core/errors';
import { HTTP_BUDGET_MS, TimeBudget } from '../../functions/lib/core/time-budget';
import type { TokenProvider } from '../../functions/lib/zoom/token-provider';
import type { ZoomApi } from '../../functions/lib/zoom/zoom-api';
import type { ZoomMeeting } from '../../functions/lib/zoom/meeting';
import { newProgress } from '../../functions/lib/core/logger';
import { FakeClock } from '../helpers/fake-clock';

const target = { kind: 'meeting' as const, id: '85746065432' };
const command: LiveStreamCommand = { target, action: 'start' };
const stopCommand: LiveStreamCommand = { target, action: 'stop' };

/**
 * A Zoom stub answering from scripts: an Error is thrown, anything else is success. `meeting` is
 * what `GET /meetings/{id}` answers (the status read after a refusal).
 */
function scriptedDeps(clock: FakeClock, script: Array<Error | 'ok'>, meeting: Array<Error | Partial<ZoomMeeting>> = []) {
  const calls: string[] = [];
  const timeouts: number[] = [];
  const invalidated: string[] = [];
  const meetingReads: string[] = [];
  let token = 'token-1';
  const zoom = {
    updateLiveStreamStatus: async (_: LiveStreamCommand, used: string, timeoutMs: number) => {
      calls.push(used);
      timeouts.push(timeoutMs);
      const next = script.shift() ?? new Error('script ran out');
      if (next instanceof Error) throw next;
      return { zoomStatus: 204 };
    },
    getMeeting: async (read: typeof target, used: string) => {
      meetingReads.push(`${read.kind} ${read.id} with ${used}`);
      const next = meeting.shift() ?? new Error('meeting script ran out');
      if (next instanceof Error) throw next;
      return { occurrences: [], ...next };
    },
  } as unknown as ZoomApi;
  const tokens = {
    get: async () => token,
    invalidate: (old: string) => {
      invalidated.push(old);
      token = 'token-2';
    },
  } as unknown as TokenProvider;
  const deps: ChangeLiveStreamDeps = { zoom, tokens, clock, random: () => 0.5, backoff: DEFAULT_BACKOFF, requestTimeoutMs: 8000 };
  return { deps, calls, timeouts, invalidated, meetingReads };
}

const unavailable = () => new ZoomUnavailableError('Zoom answered HTTP 503');
/** No answer after the request may have reached Zoom (a timeout, a dropped connection, a 5xx). */
const ambiguous = () => new ZoomUnavailableError('Zoom start request for meeting 85746065432 timed out', {}, true);
const limited = (ms?: number) => new RateLimitedError('Zoom rate limited the request', { zoomStatus: 429 }, ms);
const repeatedStart = () =>
  new RateLimitedError(
    'Zoom rate limited the request',
    {
      zoomStatus: 429,
      zoomCode: 429,
      zoomMessage:
        'Too many requests submitted to start the live stream of this meeting: 85746065432. If the live stream has not already started, retry making a new request after 30 seconds.',
    },
    30_000,
  );
const refused = (code: number, message = 'Cannot access meeting info.') =>
  new ZoomRejectedError(`Zoom refused the request (HTTP 400, code ${code}: ${message})`, { zoomStatus: 400, zoomCode: code, zoomMessage: message });

describe('backoff', () => {
  it('draws full jitter under an exponentially growing, capped ceiling', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, DEFAULT_BACKOFF, top))).toEqual([249, 499, 999, 1999, 3999, 7999, 7999]);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });
});

describe('retries within the time budget', () => {
  it('retries 5xx with backoff, then succeeds', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [unavailable(), unavailable(), 'ok']);
    const progress = newProgress();
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps, progress)).resolves.toEqual({ status: 'ok' });
    expect(progress.attempts).toBe(3);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([125, 250]);
  });

  it('stops after the attempt limit with ZOOM_UNAVAILABLE', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, Array.from({ length: 10 }, unavailable));
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 120_000, false), deps)).rejects.toBeInstanceOf(ZoomUnavailableError);
    expect(calls).toHaveLength(DEFAULT_BACKOFF.maxAttempts);
  });

  it('answers at once when the next wait would not fit in the budget', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [unavailable(), 'ok']);
    // 2 s of Lambda time: 1 s after the safety margin; a 125 ms wait would leave less than an attempt needs.
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 2000, false), deps)).rejects.toBeInstanceOf(ZoomUnavailableError);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('sends nothing when the budget is too small for Zoom to answer', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, ['ok']);
    const failure = changeLiveStream(command, TimeBudget.forInvocation(clock, 1100, false), deps);
    await expect(failure).rejects.toThrow(new ZoomUnavailableError('the time budget ran out before Zoom answered'));
    expect(calls).toHaveLength(0);
  });

  it('gives the PATCH only what the token exchange left of the budget', async () => {
    const clock = new FakeClock();
    const { deps, timeouts } = scriptedDeps(clock, ['ok']);
    const slowTokens = { ...deps.tokens, get: async () => (clock.advance(3000), 'token-1') } as unknown as TokenProvider;
    await changeLiveStream(command, TimeBudget.forInvocation(clock, 6000, false), { ...deps, tokens: slowTokens });
    expect(timeouts).toEqual([2000]);
  });

  it("waits out Zoom's Retry-After on the asynchronous path, three times within a 120 s function", async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [limited(30_000), limited(30_000), limited(30_000), 'ok']);
    const progress = newProgress();
    await changeLiveStream(command, TimeBudget.forInvocation(clock, 120_000, false), deps, progress);
    expect(clock.sleeps).toEqual([30_000, 30_000, 30_000]);
    expect(progress.attempts).toBe(4);
  });

  it('does not wait 30 s on the HTTP path: RATE_LIMITED at once, keeping the Retry-After', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [limited(30_000), 'ok']);
    const failure = changeLiveStream(command, TimeBudget.forInvocation(clock, 120_000, true), deps);
    await expect(failure).rejects.toMatchObject({ name: 'RATE_LIMITED', retryAfterMs: 30_000 });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits a short Retry-After on the HTTP path', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [limited(2000), 'ok']);
    await changeLiveStream(command, TimeBudget.forInvocation(clock, 120_000, true), deps);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('caps the HTTP budget well inside API Gateway’s 29 s', () => {
    const clock = new FakeClock();
    expect(TimeBudget.forInvocation(clock, 120_000, true).remainingMs()).toBe(HTTP_BUDGET_MS);
    expect(HTTP_BUDGET_MS).toBeLessThan(29_000 / 2);
  });

  it('gives a rate-limited caller a Retry-After even when Zoom sent none', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [limited(undefined)]);
    const budget = TimeBudget.forInvocation(clock, 1500, true);
    await expect(changeLiveStream(command, budget, deps)).rejects.toMatchObject({ retryAfterMs: 1000 });
  });

  it('does not retry a refusal, and reads the meeting once to explain it', async () => {
    const clock = new FakeClock();
    const { deps, calls, meetingReads } = scriptedDeps(clock, [refused(3000), 'ok'], [{ status: 'started' }]);
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps)).rejects.toBeInstanceOf(StreamNotConfiguredError);
    expect(calls).toHaveLength(1);
    expect(meetingReads).toEqual(['meeting 85746065432 with token-1']);
    expect(clock.sleeps).toEqual([]);
  });

  it('answers a 401 with one new token and one immediate retry', async () => {
    const clock = new FakeClock();
    const { deps, calls, invalidated } = scriptedDeps(clock, [new TokenRejectedError({ zoomCode: 124 }), 'ok']);
    await changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps);
    expect(calls).toEqual(['token-1', 'token-2']);
    expect(invalidated).toEqual(['token-1']);
    expect(clock.sleeps).toEqual([]);
  });

  it('turns a second 401 into CONFIGURATION_ERROR', async () => {
    const clock = new FakeClock();
    const rejected = () => new TokenRejectedError({ zoomCode: 124, zoomStatus: 401 });
    const { deps, calls } = scriptedDeps(clock, [rejected(), rejected(), 'ok']);
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps)).rejects.toBeInstanceOf(ConfigurationError);
    expect(calls).toHaveLength(2);
  });

  it('does not retry a missing scope, and drops the token so a granted scope takes effect', async () => {
    const clock = new FakeClock();
    const missing = new MissingScopeError(['meeting:update:live_stream_status:admin'], { zoomStatus: 401, zoomCode: 4700 });
    const { deps, calls, invalidated } = scriptedDeps(clock, [missing, 'ok']);
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps)).rejects.toMatchObject({
      name: 'CONFIGURATION_ERROR',
      retryable: false,
      scopes: ['meeting:update:live_stream_status:admin'],
    });
    expect(calls).toHaveLength(1);
    expect(invalidated).toEqual(['token-1']);
  });
});

describe('a start retried after an attempt that may have reached Zoom', () => {
  it("takes Zoom's 30-second repeated-start refusal as a start that probably worked", async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [ambiguous(), repeatedStart()]);
    const progress = newProgress();
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps, progress)).resolves.toEqual({
      status: 'ok',
      unconfirmed: true,
    });
    expect(calls).toHaveLength(2);
    expect(progress).toMatchObject({ attempts: 2, mayHaveApplied: true, zoom: { zoomStatus: 429 } });
    // Neither Zoom's 30 s nor another attempt: the answer is given now.
    expect(clock.sleeps).toEqual([125]);
  });

  it('keeps RATE_LIMITED when no earlier attempt can have reached Zoom', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [unavailable(), repeatedStart()]);
    const failure = changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, true), deps);
    await expect(failure).rejects.toMatchObject({ name: 'RATE_LIMITED', retryAfterMs: 30_000 });
  });

  it("keeps RATE_LIMITED for Zoom's per-second limit, which says nothing about the start", async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [ambiguous(), limited(30_000)]);
    const failure = changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, true), deps);
    await expect(failure).rejects.toMatchObject({ name: 'RATE_LIMITED' });
  });

  it('keeps RATE_LIMITED on the very first attempt', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [repeatedStart()]);
    const failure = changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, true), deps);
    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    expect(calls).toHaveLength(1);
  });
});

describe('a refusal read against the meeting status', () => {
  const budget = (clock: FakeClock) => TimeBudget.forInvocation(clock, 60_000, false);

  it('is MEETING_NOT_STARTED for a start of a meeting that is waiting', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [refused(3000, 'Cannot access meeting info. The meeting has not started.')], [{ status: 'waiting' }]);
    await expect(changeLiveStream(command, budget(clock), deps)).rejects.toMatchObject({
      name: 'MEETING_NOT_STARTED',
      httpStatus: 409,
      message: 'meeting 85746065432 has not started: Zoom streams only a running meeting',
      zoom: { zoomCode: 3000 },
    });
  });

  it('is STREAM_NOT_CONFIGURED for a start of a running meeting refused with code 3000', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [refused(3000)], [{ status: 'started' }]);
    const failure = changeLiveStream(command, budget(clock), deps);
    await expect(failure).rejects.toBeInstanceOf(StreamNotConfiguredError);
    await expect(failure).rejects.toMatchObject({ httpStatus: 409, message: expect.stringContaining('PUT /meetings/85746065432/livestream') });
  });

  it("stays ZOOM_REJECTED when the status does not explain it, or cannot be read", async () => {
    const clock = new FakeClock();
    const other = scriptedDeps(clock, [refused(1010, 'User does not belong to this account.')], [{ status: 'started' }]);
    await expect(changeLiveStream(command, budget(clock), other.deps)).rejects.toBeInstanceOf(ZoomRejectedError);

    const unreadable = scriptedDeps(clock, [refused(3000)], [new ZoomRejectedError('Zoom refused the request (HTTP 400)', { zoomStatus: 400 })]);
    await expect(changeLiveStream(command, budget(clock), unreadable.deps)).rejects.toMatchObject({ name: 'ZOOM_REJECTED', zoom: { zoomCode: 3000 } });
  });

  it('answers the missing scope when the status cannot be read for lack of one', async () => {
    const clock = new FakeClock();
    const missing = new MissingScopeError(['meeting:read:meeting:admin'], { zoomStatus: 400, zoomCode: 4711 });
    const { deps } = scriptedDeps(clock, [refused(3000)], [missing]);
    await expect(changeLiveStream(command, budget(clock), deps)).rejects.toBe(missing);
  });

  it('is success with a note for a stop of a meeting that is not running', async () => {
    const clock = new FakeClock();
    const { deps } = scriptedDeps(clock, [refused(3000, 'The meeting is not in progress.')], [{ status: 'waiting' }]);
    await expect(changeLiveStream(stopCommand, budget(clock), deps)).resolves.toEqual({ status: 'ok', note: 'meeting not running' });
  });

  it('is success with a note for a stop of a meeting Zoom no longer has (3001)', async () => {
    const clock = new FakeClock();
    const gone = new MeetingNotFoundError('Zoom has no meeting 85746065432 (HTTP 404, code 3001)', { zoomStatus: 404, zoomCode: 3001 });
    const { deps, meetingReads } = scriptedDeps(clock, [gone]);
    await expect(changeLiveStream(stopCommand, budget(clock), deps)).resolves.toEqual({ status: 'ok', note: 'meeting not running' });
    expect(meetingReads).toEqual([]);
  });

  it('stays ZOOM_REJECTED for a stop of a running meeting, and MEETING_NOT_FOUND for a start of a missing one', async () => {
    const clock = new FakeClock();
    const running = scriptedDeps(clock, [refused(3000)], [{ status: 'started' }]);
    await expect(changeLiveStream(stopCommand, budget(clock), running.deps)).rejects.toBeInstanceOf(ZoomRejectedError);

    const gone = new MeetingNotFoundError('Zoom has no meeting 85746065432 (HTTP 404, code 3001)', { zoomStatus: 404, zoomCode: 3001 });
    const missing = scriptedDeps(clock, [gone]);
    await expect(changeLiveStream(command, budget(clock), missing.deps)).rejects.toBe(gone);
  });

  it('treats a webinar refused with code 200 (no status to read) as not started', async () => {
    const clock = new FakeClock();
    const webinar = { target: { kind: 'webinar' as const, id: '91234567890' }, action: 'start' as const };
    const { deps } = scriptedDeps(clock, [refused(200, 'Webinar 91234567890 has not started.')], [{}]);
    await expect(changeLiveStream(webinar, budget(clock), deps)).rejects.toBeInstanceOf(MeetingNotStartedError);
  });
});
