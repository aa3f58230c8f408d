import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getMeeting, patchStatus } from './http';

const MEETING = '85746065432';
const PER_SECOND_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';

describe('Zoom simulator: per-account Light rate limit', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    clock = 1_700_000_000_000;
    sim = await startZoomSimulator({ meetings: [MEETING], now: () => clock, lightRateLimitPerSecond: 30 });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = 1_700_000_000_000;
    sim.reset();
    sim.setLightRateLimit(30);
  });

  const burst = (n: number, accessToken = token) => Promise.all(Array.from({ length: n }, () => getMeeting(sim, MEETING, accessToken)));

  it('answers the 31st request within one clock second with 429, X-RateLimit-* and no Retry-After', async () => {
    const first30 = await burst(30);
    const thirtyFirst = await getMeeting(sim, MEETING, token);

    expect(first30.every((r) => r.status === 200)).toBe(true);
    expect(thirtyFirst.status).toBe(429);
    expect(thirtyFirst.data).toEqual({ code: 429, message: PER_SECOND_MESSAGE });
    expect(thirtyFirst.headers).toMatchObject({
      'x-ratelimit-category': 'Light',
      'x-ratelimit-type': 'QPS',
      'x-ratelimit-limit': '30',
      'x-ratelimit-remaining': '0',
    });
    expect(thirtyFirst.headers['retry-after']).toBeUndefined();
    expect(sim.rateLimitedCount).toBe(1);
  });

  it('counts every /v2 endpoint alike and still records the refused requests', async () => {
    await burst(29);
    const thirtieth = await patchStatus(sim, MEETING, { action: 'stop' }, token);
    const thirtyFirst = await patchStatus(sim, MEETING, { action: 'start' }, token);

    expect([thirtieth.status, thirtyFirst.status]).toEqual([204, 429]);
    expect(sim.meetingState(MEETING)?.live).toBe(false);
    expect(sim.apiRequests).toHaveLength(31);
    expect(sim.apiRequests.at(-1)).toMatchObject({ status: 429, authorized: true });
  });

  it('opens a new window in the next clock second', async () => {
    clock += 999;
    await burst(31);
    clock += 1;

    const next = await getMeeting(sim, MEETING, token);

    expect(next.status).toBe(200);
    expect(next.headers['x-ratelimit-remaining']).toBe('29');
  });

  it('sends X-RateLimit-Category, -Limit and -Remaining on successful answers', async () => {
    const first = await getMeeting(sim, MEETING, token);
    const second = await patchStatus(sim, MEETING, { action: 'stop' }, token);

    expect(first.headers).toMatchObject({ 'x-ratelimit-category': 'Light', 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '29' });
    expect(second.headers['x-ratelimit-remaining']).toBe('28');
  });

  it('shares the limit across the tokens of one account and keeps accounts apart', async () => {
    const otherToken = sim.issueStaticToken();
    const otherAccount = sim.issueStaticToken({ accountId: 'anotherAccount' });
    await burst(15);
    await burst(15, otherToken);

    const sameAccount = await getMeeting(sim, MEETING, otherToken);
    const differentAccount = await getMeeting(sim, MEETING, otherAccount);

    expect([sameAccount.status, differentAccount.status]).toEqual([429, 200]);
  });

  it('reports the busiest clock second in maxRequestsInAnySecond, refused and unauthorised requests included', async () => {
    await burst(5);
    clock += 1000;
    await burst(33);
    await getMeeting(sim, MEETING, undefined);
    clock += 1000;
    await burst(2);

    expect(sim.maxRequestsInAnySecond).toBe(34);
    expect(sim.rateLimitedCount).toBe(3);
  });

  it('reset() clears the counters and the window', async () => {
    await burst(31);

    sim.reset();

    expect([sim.rateLimitedCount, sim.maxRequestsInAnySecond]).toEqual([0, 0]);
    expect((await getMeeting(sim, MEETING, token)).status).toBe(200);
  });

  it('does not limit or add headers without a limit, the default', async () => {
    sim.setLightRateLimit(undefined);

    const answers = await burst(40);

    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(answers[0]?.headers['x-ratelimit-limit']).toBeUndefined();
    expect(sim.maxRequestsInAnySecond).toBe(40);
  });

  it('has no limit unless asked', async () => {
    const plain = await startZoomSimulator({ meetings: [MEETING], now: () => clock });
    try {
      const own = plain.issueStaticToken();
      const answers = await Promise.all(Array.from({ length: 50 }, () => getMeeting(plain, MEETING, own)));

      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(plain.rateLimitedCount).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
