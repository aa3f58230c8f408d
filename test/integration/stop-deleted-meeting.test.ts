import { context, freshHandler, loadEvent, parseBody } from '../helpers/backends';
import { startClockedBackends, zoomCallsFor, type ClockedBackends } from '../helpers/clocked-backends';

/**
 * The stop of a meeting Zoom no longer has: Zoom refuses the stop (400, code 3000) and its status
 * read answers 404 code 3001, so nothing streams and the stop is done. Real HTTP to the simulator.
 */
let backends: ClockedBackends;
beforeAll(async () => {
  backends = await startClockedBackends();
});
afterAll(() => backends.close());

function httpEvent(action: 'start' | 'stop', meetingId: string) {
  const event = loadEvent(`${action}-apigateway-rest.json`);
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${meetingId}/livestream/${action}`;
  event.body = null;
  return event;
}

const call = (action: 'start' | 'stop', meetingId: string) =>
  freshHandler(action, backends.env, { clock: backends.clock, random: () => 0.5 }).handler(httpEvent(action, meetingId), context());

it('answers 200 "meeting not running" for a meeting deleted in Zoom', async () => {
  const meetingId = backends.addLateMeeting(0);
  backends.zoom.deleteMeeting(meetingId);
  // Zoom's answer to the stop of a meeting deleted while it ran, seen in the field.
  backends.zoom.injectFaults({ type: 'status', status: 400, body: { code: 3000, message: 'The meeting is not in progress.' }, target: 'livestream' });

  const response = await call('stop', meetingId);

  expect(parseBody(response)).toEqual({ meetingId, action: 'stop', status: 'ok', note: 'meeting not running' });
  expect(response).toMatchObject({ statusCode: 200 });
  const calls = zoomCallsFor(backends.zoom, meetingId).all.map((r) => [r.method, r.path.replace(meetingId, '{id}'), r.status]);
  expect(calls).toEqual([
    ['PATCH', '/v2/meetings/{id}/livestream/status', 400],
    ['GET', '/v2/meetings/{id}', 404],
  ]);
});

it('answers a start of a deleted meeting 404 MEETING_NOT_FOUND, not a Zoom rejection', async () => {
  const meetingId = backends.addLateMeeting(0);
  backends.zoom.deleteMeeting(meetingId);
  backends.zoom.injectFaults({ type: 'status', status: 400, body: { code: 3000, message: 'The meeting is not in progress.' }, target: 'livestream' });

  const response = await call('start', meetingId);

  expect(response).toMatchObject({ statusCode: 404 });
  expect(parseBody(response).error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 3001 });
});
