import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * `POST /meetings/{id}/livestream/mode` changes the view of a running stream: over real HTTP
 * through the local API Gateway to the start function, and on to the Zoom simulator as
 * `{"action":"mode","settings":{…}}`. Bad settings never reach Zoom.
 */
const MEETING = '84433322211';
let system: MeetingTimesSystem;
const clock = new ManualClock(Date.UTC(2026, 10, 26, 9, 0));

beforeAll(async () => {
  system = await startMeetingTimesSystem({ clock });
  system.zoom.addMeeting(MEETING, { status: 'started' });
});
afterAll(() => system.close());
beforeEach(() => system.zoom.reset());

const statusPatches = () => system.zoom.apiRequests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status'));

async function liveStream(): Promise<void> {
  const started = await system.api('POST', `/meetings/${MEETING}/livestream/start`, { settings: { layout: 'speaker_view' } });
  expect(started.status).toBe(200);
  system.zoom.clearRequests();
}

it('sends Zoom action "mode" with the settings and answers 200', async () => {
  await liveStream();

  const answer = await system.api('POST', `/meetings/${MEETING}/livestream/mode`, { settings: { layout: 'gallery_view', close_caption: 'burnt-in' } });

  expect(answer).toEqual({ status: 200, body: { meetingId: MEETING, action: 'mode', status: 'ok' } });
  expect(statusPatches().map((r) => [r.parsed, r.status])).toEqual([[{ action: 'mode', settings: { layout: 'gallery_view', close_caption: 'burnt-in' } }, 204]]);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, modes: 1, settings: { layout: 'gallery_view', close_caption: 'burnt-in' } });
});

it.each([
  ['no body', undefined, /^settings: is required/],
  ['no settings', {}, /^settings: is required/],
  ['empty settings', { settings: {} }, /^settings: must name at least one of/],
  ['an unknown layout', { settings: { layout: 'grid' } }, /^settings\.layout: must be one of/],
  ['an unknown key', { settings: { colour: 'red' } }, /^settings\.colour: unknown key/],
  ['a too long display name', { settings: { display_name: 'x'.repeat(51) } }, /^settings\.display_name: must be 1 to 50 characters/],
  ['a key beside settings', { settings: { layout: 'gallery_view' }, action: 'start' }, /^action: unknown key/],
])('refuses %s with 400 INVALID_REQUEST and calls no Zoom', async (_, body, message) => {
  await liveStream();

  const answer = await system.api('POST', `/meetings/${MEETING}/livestream/mode`, body);

  expect(answer.status).toBe(400);
  expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(message) });
  expect(system.zoom.apiRequests).toEqual([]);
});

it("passes on Zoom's refusal when the meeting runs but its stream is not live", async () => {
  const answer = await system.api('POST', `/meetings/${MEETING}/livestream/mode`, { settings: { active_speaker_name: true } });

  expect(answer.status).toBe(422);
  expect(answer.body.error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 4400 });
  expect(statusPatches().map((r) => r.parsed)).toEqual([{ action: 'mode', settings: { active_speaker_name: true } }]);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: false, modes: 0 });
});

it('answers 409 MEETING_NOT_STARTED for a meeting that is not running', async () => {
  const waiting = '84433322212';
  system.zoom.addMeeting(waiting, { status: 'waiting' });

  const answer = await system.api('POST', `/meetings/${waiting}/livestream/mode`, { settings: { display_name: 'Panel' } });

  expect(answer.status).toBe(409);
  expect(answer.body.error.code).toBe('MEETING_NOT_STARTED');
});

it('is no route for webinars (Zoom has no mode for them)', async () => {
  const answer = await system.api('POST', `/webinars/${MEETING}/livestream/mode`, { settings: { display_name: 'Panel' } });

  expect(answer.status).toBe(403);
  expect(system.zoom.apiRequests).toEqual([]);
});
