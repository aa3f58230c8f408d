import axios from 'axios';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { http, patchStatus, requestToken } from './http';

const MEETING = '85746065432';

describe('Zoom simulator: fault injection', () => {
  let sim: ZoomSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startZoomSimulator({ meetings: [MEETING] });
    token = sim.issueStaticToken();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('uses scripted faults in order, one per request, then answers normally', async () => {
    sim.injectFaults({ type: 'status', status: 503 }, { type: 'status', status: 500, body: { code: 500, message: 'boom' } });

    const statuses = [];
    const bodies = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await patchStatus(sim, MEETING, { action: 'stop' }, token);
      statuses.push(response.status);
      bodies.push(response.data);
    }

    expect(statuses).toEqual([503, 500, 204]);
    expect(bodies[0]).toEqual({ code: 503, message: 'Service Unavailable.' });
    expect(bodies[1]).toEqual({ code: 500, message: 'boom' });
    expect(sim.apiRequests.map((r) => r.fault)).toEqual(['status', 'status', undefined]);
    expect(sim.pendingFaults()).toBe(0);
  });

  it('leaves the meeting untouched when a fault answers instead', async () => {
    sim.injectFaults({ type: 'status', status: 502 });

    await patchStatus(sim, MEETING, { action: 'start' }, token);

    expect(sim.meetingState(MEETING)?.status).toBe('stopped');
  });

  it('drops the connection without an answer, then answers the next request', async () => {
    sim.injectFaults({ type: 'drop' });

    const dropped = patchStatus(sim, MEETING, { action: 'start' }, token);

    await expect(dropped).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/) });
    expect((await patchStatus(sim, MEETING, { action: 'start' }, token)).status).toBe(204);
    expect(sim.apiRequests[0]).toMatchObject({ fault: 'drop' });
    expect(sim.apiRequests[0]?.status).toBeUndefined();
  });

  it('answers a slow fault normally after the delay', async () => {
    sim.injectFaults({ type: 'slow', delayMs: 300 });

    const started = Date.now();
    const response = await patchStatus(sim, MEETING, { action: 'start' }, token);

    expect(response.status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sim.meetingState(MEETING)?.status).toBe('started');
  });

  it('lets a client time out on a slow answer', async () => {
    // Own simulator, so the late answer cannot land in another test's records.
    const own = await startZoomSimulator({ embedded: true });
    try {
      own.injectFaults({ type: 'slow', delayMs: 2000 });

      const error: unknown = await http
        .patch(`${own.apiBaseUrl}/meetings/${MEETING}/livestream/status`, { action: 'stop' }, {
          headers: { Authorization: `Bearer ${own.issueStaticToken()}` },
          timeout: 100,
        })
        .catch((e: unknown) => e);

      expect(axios.isAxiosError(error) && error.code).toBe('ECONNABORTED');
    } finally {
      await own.close();
    }
  });

  it.each(['7', 'Wed, 21 Oct 2037 07:28:00 GMT', '2037-10-21T07:28:00Z'])(
    'answers 429 with Retry-After "%s" as given',
    async (retryAfter) => {
      sim.injectFaults({ type: 'rateLimit', retryAfter });

      const response = await patchStatus(sim, MEETING, { action: 'start' }, token);

      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe(retryAfter);
      expect(response.data.code).toBe(429);
    },
  );

  it('answers 429 without Retry-After when none is given', async () => {
    sim.injectFaults({ type: 'rateLimit' });

    const response = await patchStatus(sim, MEETING, { action: 'start' }, token);

    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBeUndefined();
  });

  it('faults the token endpoint only when targeted at it', async () => {
    sim.injectFaults({ type: 'status', status: 503, target: 'token' });

    const api = await patchStatus(sim, MEETING, { action: 'stop' }, token);
    const first = await requestToken(sim, SIMULATOR_CREDENTIALS);
    const second = await requestToken(sim, SIMULATOR_CREDENTIALS);

    expect([api.status, first.status, second.status]).toEqual([204, 503, 200]);
    expect(sim.tokenExchanges).toBe(1);
  });

  it('reset() discards pending faults', async () => {
    sim.injectFaults({ type: 'status', status: 500 }, { type: 'drop', target: 'token' });

    sim.reset();

    expect(sim.pendingFaults()).toBe(0);
    expect((await patchStatus(sim, MEETING, { action: 'stop' }, token)).status).toBe(204);
  });

  it('closes promptly while a slow answer is pending', async () => {
    const own = await startZoomSimulator({ embedded: true });
    own.injectFaults({ type: 'slow', delayMs: 60_000 });
    const pending = patchStatus(own, MEETING, { action: 'start' }, own.issueStaticToken()).catch((e: unknown) => e);

    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();

    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
