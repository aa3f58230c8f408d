import { EMBEDDED_LIGHT_RATE_LIMIT, SIMULATOR_SCHEDULED_MEETING_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getMeeting, getStreamConfig, patchStatus } from './http';

// 10:00:30.5 UTC: +2 minutes is 10:02:30.5, rounded up to 10:03:00.
const STARTED_UP = Date.UTC(2024, 4, 1, 10, 0, 30, 500);
const DEMO_START = Date.UTC(2024, 4, 1, 10, 3);

describe('Zoom simulator: embedded mode', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    clock = STARTED_UP;
    sim = await startZoomSimulator({ embedded: true, now: () => clock });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('exports the demo meeting id', () => {
    expect(SIMULATOR_SCHEDULED_MEETING_ID).toBe('81234567890');
  });

  it('has a scheduled demo meeting, waiting, starting at start-up + 2 min rounded up, no stream', async () => {
    clock = STARTED_UP;

    const { status, data } = await getMeeting(sim, SIMULATOR_SCHEDULED_MEETING_ID, token);
    const config = await getStreamConfig(sim, SIMULATOR_SCHEDULED_MEETING_ID, token);
    const start = await patchStatus(sim, SIMULATOR_SCHEDULED_MEETING_ID, { action: 'start' }, token);

    expect(status).toBe(200);
    expect(data).toMatchObject({
      id: 81234567890,
      type: 2,
      status: 'waiting',
      start_time: '2024-05-01T10:03:00Z',
      duration: 30,
      timezone: 'Europe/Berlin',
    });
    expect(config.data).toEqual({ stream_url: '', stream_key: '', page_url: '' });
    expect(start.status).toBe(400);
    expect(sim.meetingState(SIMULATOR_SCHEDULED_MEETING_ID)).toMatchObject({ streamConfigured: false, meetingStatus: 'waiting' });
  });

  it('starts the demo meeting by itself at its start time', async () => {
    clock = DEMO_START - 1;
    const before = await getMeeting(sim, SIMULATOR_SCHEDULED_MEETING_ID, token);
    clock = DEMO_START;
    const after = await getMeeting(sim, SIMULATOR_SCHEDULED_MEETING_ID, token);

    expect([before.data.status, after.data.status]).toEqual(['waiting', 'started']);
  });

  it('still makes any other well-formed id a running meeting with a configured stream', async () => {
    clock = STARTED_UP + 10_000;

    const response = await patchStatus(sim, '123456789', { action: 'start' }, token);

    expect(response.status).toBe(204);
    expect(sim.meetingState('123456789')).toMatchObject({ meetingStatus: 'started', live: true, streamConfigured: true });
  });

  it('limits Light requests to 30 per second', async () => {
    clock = STARTED_UP + 20_000;

    const answers = await Promise.all(Array.from({ length: 31 }, () => getMeeting(sim, '123456789', token)));

    expect(EMBEDDED_LIGHT_RATE_LIMIT).toBe(30);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(1);
    expect(answers[0]?.headers['x-ratelimit-limit']).toBe('30');
  });

  it('lets the limit be lifted for benchmarks', async () => {
    const unlimited = await startZoomSimulator({ embedded: true, lightRateLimitPerSecond: Infinity });
    try {
      const own = unlimited.issueStaticToken();
      const answers = await Promise.all(Array.from({ length: 40 }, () => getMeeting(unlimited, '123456789', own)));

      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(answers[0]?.headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await unlimited.close();
    }
  });
});
