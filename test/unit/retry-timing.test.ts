import { DEFAULT_BACKOFF, backoffDelay } from '../../functions/lib/core/backoff';
import { changeLiveStream, type ChangeLiveStreamDeps } from '../../functions/lib/use-cases/change-live-stream';
import type { LiveStreamCommand } from '../../functions/lib/core/live-stream-command';
import {
  ConfigurationError,
  RateLimitedError,
  TokenRejectedError,
  ZoomRejectedError,
  ZoomUnavailableError,
} from '../../functions/lib/core/errors';
import { HTTP_BUDGET_MS, TimeBudget } from '../../functions/lib/core/time-budget';
import type { TokenProvider } from '../../functions/lib/zoom/token-provider';
import type { ZoomClient } from '../../functions/lib/zoom/live-stream-api';
import { FakeClock } from '../helpers/fake-clock';

const command: LiveStreamCommand = { meetingId: '85746065432', action: 'start' };

/** A Zoom stub answering from a script: an Error is thrown, anything else is success. */
function scriptedDeps(clock: FakeClock, script: Array<Error | 'ok'>) {
  const calls: string[] = [];
  const timeouts: number[] = [];
  const invalidated: string[] = [];
  let token = 'token-1';
  const zoom = {
    updateLiveStreamStatus: async (_: LiveStreamCommand, used: string, timeoutMs: number) => {
      calls.push(used);
      timeouts.push(timeoutMs);
      const next = script.shift() ?? new Error('script ran out');
      if (next instanceof Error) throw next;
      return { zoomStatus: 204 };
    },
  } as unknown as ZoomClient;
  const tokens = {
    get: async () => token,
    invalidate: (old: string) => {
      invalidated.push(old);
      token = 'token-2';
    },
  } as unknown as TokenProvider;
  const deps: ChangeLiveStreamDeps = { zoom, tokens, clock, random: () => 0.5, backoff: DEFAULT_BACKOFF, requestTimeoutMs: 8000 };
  return { deps, calls, timeouts, invalidated };
}

const unavailable = () => new ZoomUnavailableError('Zoom answered HTTP 503');
const limited = (ms?: number) => new RateLimitedError('Zoom rate limited the request', { zoomStatus: 429 }, ms);

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
    const progress = await changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps);
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
    const progress = await changeLiveStream(command, TimeBudget.forInvocation(clock, 120_000, false), deps);
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

  it('does not retry a refusal', async () => {
    const clock = new FakeClock();
    const { deps, calls } = scriptedDeps(clock, [new ZoomRejectedError('not configured', { zoomCode: 3000 }), 'ok']);
    await expect(changeLiveStream(command, TimeBudget.forInvocation(clock, 60_000, false), deps)).rejects.toBeInstanceOf(ZoomRejectedError);
    expect(calls).toHaveLength(1);
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
});
