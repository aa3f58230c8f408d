import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * Zoom answers every webinar refusal with HTTP 400; its code says which: 300 and 3001 (no such
 * webinar) are MEETING_NOT_FOUND, 200 ("has not started") is MEETING_NOT_STARTED, 3000 on a running
 * webinar is STREAM_NOT_CONFIGURED. Settings other than the two webinar ones are refused before Zoom.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const WEBINAR = '92000000001';
const base = `/webinars/${WEBINAR}/livestream`;

let system: MeetingTimesSystem;

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock: new ManualClock(T0) });
});
afterEach(() => system.close());

const start = (body?: unknown) => system.api('POST', `${base}/start`, body);

describe('settings a webinar does not take', () => {
  beforeEach(() => system.zoom.addWebinar(WEBINAR));

  it.each([
    ['layout', { layout: 'gallery_view' }],
    ['close_caption', { close_caption: 'embedded' }],
  ])('%s is refused on start, naming it, without calling Zoom', async (field, settings) => {
    const answer = await start({ settings });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: `settings.${field}: unknown key` });
    expect(system.zoomCalls()).toEqual([]);
  });

  it('layout is refused on an auto-start registration, naming it, without calling Zoom', async () => {
    const answer = await system.api('PUT', `${base}/auto-start`, { schedule: true, settings: { layout: 'speaker_view' } });

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('settings.layout: unknown key');
    expect(system.zoomCalls()).toEqual([]);
  });
});

describe("Zoom's webinar refusals", () => {
  it('3001 (webinar does not exist) is 404 MEETING_NOT_FOUND', async () => {
    const answer = await start();

    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 3001 });
  });

  it('300 (invalid webinar id) is 404 MEETING_NOT_FOUND', async () => {
    system.zoom.addWebinar(WEBINAR);
    system.zoom.injectFaults({ type: 'status', status: 400, body: { code: 300, message: 'Invalid webinar id.' } });

    const answer = await start();

    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: 'MEETING_NOT_FOUND', zoomCode: 300 });
  });

  it('200 (webinar has not started) is 409 MEETING_NOT_STARTED', async () => {
    system.zoom.addWebinar(WEBINAR, { status: 'waiting' });

    const answer = await start();

    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'MEETING_NOT_STARTED', zoomCode: 200 });
  });

  it('3000 on a running webinar (no custom live stream) is 409 STREAM_NOT_CONFIGURED', async () => {
    system.zoom.addWebinar(WEBINAR, { status: 'started', streamConfigured: false });

    const answer = await start();

    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'STREAM_NOT_CONFIGURED', zoomCode: 3000 });
  });

  it('a stop of a webinar that is not running is answered as for a meeting: ok, with a note', async () => {
    system.zoom.addWebinar(WEBINAR, { status: 'ended' });

    const answer = await system.api('POST', `${base}/stop`);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ webinarId: WEBINAR, action: 'stop', status: 'ok', note: expect.any(String) });
  });
});
