import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { handleControlRequest } from '../zoom-simulator/control-route';
import { control, getMeeting, patchStatus } from './http';

const MEETING = '85746065432';

describe('Zoom simulator: control API /_simulator/meetings/{id}', () => {
  let sim: ZoomSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startZoomSimulator();
    token = sim.issueStaticToken();
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.addMeeting(MEETING, { status: 'waiting' });
  });

  it('starts and ends a meeting as its host would, answering the meeting state', async () => {
    const started = await control(sim, 'POST', `${MEETING}/start`);
    const asSeenByZoom = await getMeeting(sim, MEETING, token);
    const streamStart = await patchStatus(sim, MEETING, { action: 'start' }, token);
    const ended = await control(sim, 'POST', `${MEETING}/end`);

    expect(started.status).toBe(200);
    expect(started.data).toMatchObject({ meetingStatus: 'started', status: 'stopped' });
    expect(asSeenByZoom.data.status).toBe('started');
    expect(streamStart.status).toBe(204);
    expect(ended.data).toMatchObject({ meetingStatus: 'ended', live: false, status: 'stopped' });
  });

  it('changes schedule fields with PATCH', async () => {
    const response = await control(sim, 'PATCH', MEETING, { topic: 'Renamed', start_time: '2030-01-01T10:00:00Z', duration: 15, type: 8 });
    const { data } = await getMeeting(sim, MEETING, token);

    expect(response.status).toBe(200);
    expect(data).toMatchObject({ topic: 'Renamed', start_time: '2030-01-01T10:00:00Z', duration: 15, type: 8 });
    expect(data.occurrences[0]).toMatchObject({ start_time: '2030-01-01T10:00:00Z', duration: 15 });
  });

  it.each([
    ['an unknown field', { colour: 'red' }],
    ['a bad type', { type: 4 }],
    ['a start_time that is not a time', { start_time: 'soon' }],
    ['a non-positive duration', { duration: 0 }],
    ['a body that is not an object', [1]],
  ])('refuses a PATCH with %s with 400, changing nothing', async (_, body) => {
    const response = await control(sim, 'PATCH', MEETING, body);

    expect(response.status).toBe(400);
    expect(response.data.message).toEqual(expect.any(String));
    expect((await getMeeting(sim, MEETING, token)).data).toMatchObject({ type: 2, duration: 60 });
  });

  it('deletes a meeting: gone for the API, still readable here', async () => {
    const deleted = await control(sim, 'DELETE', MEETING);
    const api = await getMeeting(sim, MEETING, token);
    const state = await control(sim, 'GET', MEETING);
    const again = await control(sim, 'DELETE', MEETING);

    expect(deleted.data.meetingStatus).toBe('gone');
    expect(api.status).toBe(404);
    expect(state.data.meetingStatus).toBe('gone');
    expect(again.status).toBe(400);
  });

  it('answers GET with meetingState', async () => {
    const response = await control(sim, 'GET', MEETING);

    expect(response.status).toBe(200);
    expect(response.data).toEqual(JSON.parse(JSON.stringify(sim.meetingState(MEETING))));
  });

  it('answers 404 for an unknown meeting and 405 for a wrong method', async () => {
    const unknown = await control(sim, 'POST', '99999999999/start');
    const wrongMethod = await control(sim, 'GET', `${MEETING}/start`);
    const noSuchPath = await control(sim, 'POST', `${MEETING}/pause`);

    expect([unknown.status, unknown.data.code]).toEqual([404, 3001]);
    expect(wrongMethod.status).toBe(405);
    expect(noSuchPath.status).toBe(404);
  });

  it('records nothing: control calls are not Zoom traffic', async () => {
    await control(sim, 'POST', `${MEETING}/start`);
    await control(sim, 'GET', MEETING);

    expect(sim.requests).toHaveLength(0);
    expect(sim.maxRequestsInAnySecond).toBe(0);
  });

  it('answers callers that are not on loopback with 403 and does nothing', () => {
    const start = jest.fn();
    const deps = { meetings: {} as never, lifecycle: { start } as never };

    const reply = handleControlRequest(
      { method: 'POST', rawPath: `/_simulator/meetings/${MEETING}/start`, remoteAddress: '10.0.0.7', bodyText: '' },
      deps,
    );

    expect(reply.status).toBe(403);
    expect(start).not.toHaveBeenCalled();
  });

  it('brings any well-formed id into being in embedded mode', async () => {
    const embedded = await startZoomSimulator({ embedded: true });
    try {
      const response = await control(embedded, 'POST', '1234567890/end');

      expect(response.status).toBe(200);
      expect(response.data.meetingStatus).toBe('ended');
    } finally {
      await embedded.close();
    }
  });
});
