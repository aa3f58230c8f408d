import { SIMULATOR_HOST_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { getMeeting } from './http';

// 2024-05-01T09:30:45.678Z: not on a minute, so the default start_time's rounding shows.
const T0 = Date.UTC(2024, 4, 1, 9, 30, 45, 678);

describe('Zoom simulator: GET /v2/meetings/{meetingId}', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    clock = T0;
    sim = await startZoomSimulator({ now: () => clock });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = T0;
    sim.reset();
  });

  it('answers a default meeting: running, type 2, start_time the creation minute, numeric id', async () => {
    sim.addMeeting('85746065432');

    const response = await getMeeting(sim, '85746065432', token);

    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      id: 85746065432,
      uuid: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
      host_id: SIMULATOR_HOST_ID,
      topic: 'Simulated meeting 85746065432',
      type: 2,
      status: 'started',
      start_time: '2024-05-01T09:30:00Z',
      duration: 60,
      timezone: 'UTC',
      created_at: '2024-05-01T09:30:45Z',
      join_url: expect.stringContaining('85746065432'),
      settings: {},
    });
    expect(typeof response.data.id).toBe('number');
  });

  it('answers the scheduling fields it was given, normalising start_time to UTC without millis', async () => {
    sim.addMeeting('111222333', {
      topic: 'Board',
      startTime: '2024-06-01T10:00:00.000+02:00',
      duration: 45,
      timezone: 'Europe/Berlin',
      status: 'waiting',
    });

    const { data } = await getMeeting(sim, '111222333', token);

    expect(data).toMatchObject({ topic: 'Board', start_time: '2024-06-01T08:00:00Z', duration: 45, timezone: 'Europe/Berlin', status: 'waiting' });
  });

  it('answers an ended meeting as waiting, as Zoom does', async () => {
    sim.addMeeting('111222334', { status: 'ended' });

    const { data } = await getMeeting(sim, '111222334', token);

    expect(data.status).toBe('waiting');
    expect(sim.meetingState('111222334')?.meetingStatus).toBe('ended');
  });

  it('gives an instant meeting (type 1) its creation time as start_time', async () => {
    sim.addMeeting('111222335', { type: 1, startTime: '2030-01-01T00:00:00Z' });

    const { data } = await getMeeting(sim, '111222335', token);

    expect(data).toMatchObject({ type: 1, start_time: '2024-05-01T09:30:45Z' });
    expect(data.occurrences).toBeUndefined();
  });

  it('shows neither start_time nor occurrences for a recurring meeting without fixed time (type 3)', async () => {
    sim.addMeeting('111222336', { type: 3 });

    const { data } = await getMeeting(sim, '111222336', token);

    expect(data.type).toBe(3);
    expect(data).not.toHaveProperty('start_time');
    expect(data).not.toHaveProperty('occurrences');
  });

  it('lists occurrences for a recurring meeting with fixed time (type 8), ids as ms strings', async () => {
    sim.addMeeting('111222337', {
      type: 8,
      startTime: '2024-05-06T08:00:00Z',
      duration: 30,
      occurrences: [
        { start_time: '2024-05-06T08:00:00Z' },
        { start_time: '2024-05-13T08:00:00Z', duration: 90, status: 'deleted' },
      ],
    });

    const { data } = await getMeeting(sim, '111222337', token);

    expect(data.start_time).toBe('2024-05-06T08:00:00Z');
    expect(data.occurrences).toEqual([
      { occurrence_id: String(Date.UTC(2024, 4, 6, 8)), start_time: '2024-05-06T08:00:00Z', duration: 30, status: 'available' },
      { occurrence_id: String(Date.UTC(2024, 4, 13, 8)), start_time: '2024-05-13T08:00:00Z', duration: 90, status: 'deleted' },
    ]);
  });

  it('generates weekly occurrences for type 8 when none are given', async () => {
    sim.addMeeting('111222338', { type: 8, startTime: '2024-05-06T08:00:00Z' });

    const { data } = await getMeeting(sim, '111222338', token);

    expect(data.occurrences).toHaveLength(4);
    expect(data.occurrences[1]).toMatchObject({ start_time: '2024-05-13T08:00:00Z', status: 'available' });
  });

  it('flips a scripted meeting from waiting to started at startsAt on the simulator clock', async () => {
    const scheduled = T0 + 60_000;
    sim.addMeeting('111222339', { startTime: new Date(scheduled).toISOString(), startsAt: scheduled + 15_000 });

    const before = await getMeeting(sim, '111222339', token);
    clock = scheduled + 14_999;
    const justBefore = await getMeeting(sim, '111222339', token);
    clock = scheduled + 15_000;
    const after = await getMeeting(sim, '111222339', token);

    expect([before.data.status, justBefore.data.status, after.data.status]).toEqual(['waiting', 'waiting', 'started']);
    expect(after.data.start_time).toBe('2024-05-01T09:31:45Z');
    expect(sim.meetingState('111222339')?.meetingStatus).toBe('started');
  });

  it('answers 404 code 3001 for an unknown or deleted meeting', async () => {
    sim.addMeeting('111222340');
    sim.deleteMeeting('111222340');

    const deleted = await getMeeting(sim, '111222340', token);
    const unknown = await getMeeting(sim, '99999999999', token);

    expect(deleted.status).toBe(404);
    expect(deleted.data).toEqual({ code: 3001, message: 'Meeting does not exist: 111222340.' });
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ code: 3001, message: 'Meeting does not exist: 99999999999.' });
    expect(sim.meetingState('111222340')?.meetingStatus).toBe('gone');
  });

  it.each(['12345678', '12345678901234567890', 'abc'])('answers HTTP 400 code 300 for the malformed id %s', async (id) => {
    const response = await getMeeting(sim, id, token);

    expect(response.status).toBe(400);
    expect(response.data).toEqual({ code: 300, message: 'Invalid meeting id.' });
  });

  it('asks for a token and records the request with its meeting id', async () => {
    sim.addMeeting('111222341');

    const anonymous = await getMeeting(sim, '111222341', undefined);
    await getMeeting(sim, '111222341', token);

    expect(anonymous.status).toBe(401);
    expect(anonymous.data.code).toBe(124);
    expect(sim.apiRequests.map((r) => [r.method, r.meetingId, r.status])).toEqual([
      ['GET', '111222341', 401],
      ['GET', '111222341', 200],
    ]);
  });

  it('refuses a method the route does not have with 405', async () => {
    sim.addMeeting('111222342');

    const response = await fetch(`${sim.apiBaseUrl}/meetings/111222342`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });

    expect(response.status).toBe(405);
  });

  it('keeps the last digits of an id above 2^53 in the path but not in the JSON number', async () => {
    const big = '9007199254740993';
    sim.addMeeting(big);

    const { data } = await getMeeting(sim, big, token);

    expect(data.id).toBe(Number(big));
    expect(String(data.id)).not.toBe(big);
  });

  it('can serve a meeting fault to this route without touching the live stream queue', async () => {
    sim.addMeeting('111222343');
    sim.injectFaults({ type: 'status', status: 503, target: 'meeting' });

    const faulted = await getMeeting(sim, '111222343', token);
    const next = await getMeeting(sim, '111222343', token);

    expect([faulted.status, next.status]).toEqual([503, 200]);
    expect(sim.pendingFaults()).toBe(0);
  });

  it('in embedded mode makes any well-formed id a running meeting with a stream on first sight', async () => {
    const embedded = await startZoomSimulator({ embedded: true });
    try {
      const response = await getMeeting(embedded, '1234567890123', embedded.issueStaticToken());

      expect(response.status).toBe(200);
      expect(response.data).toMatchObject({ id: 1234567890123, status: 'started', type: 2 });
      expect(embedded.meetingState('1234567890123')).toMatchObject({ streamConfigured: true, meetingStatus: 'started', live: false });
    } finally {
      await embedded.close();
    }
  });
});
