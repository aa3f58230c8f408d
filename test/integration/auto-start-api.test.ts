import { context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { budget, createWebhookSecret, eventBody, json, liveStreamingObject, meetingsEvent, restWebhookEvent, webhookSystem } from '../helpers/zoom-webhook';

/**
 * The registration routes of the meetings function: `PUT|DELETE …/livestream/auto-start` and
 * `GET …/livestream`, for meetings and webinars, as API Gateway hands them over.
 */
const SECRET_TOKEN = 'wh-secret-api-Lw5cK9pT2a';
const WEBHOOK_SECRET = 'zoom-livestream/auto-start-api';
const WEBINAR_ID = '93344455566';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;
const AUTO_START = `/meetings/${MEETING_ID}/livestream/auto-start`;

let backends: Backends;
let system: ReturnType<typeof webhookSystem>;

beforeAll(async () => {
  backends = await startBackends();
  backends.zoom.addWebinar(WEBINAR_ID);
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
});
afterAll(() => backends.close());
beforeEach(() => {
  backends.zoom.reset();
  system = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET });
});

const call = (method: 'PUT' | 'DELETE' | 'GET', path: string, body?: string) => system.meetings(meetingsEvent(method, path, body), context());
const stored = () => system.services.store.get(MEETING, budget());

describe('PUT …/auto-start', () => {
  it('registers the meeting with its settings', async () => {
    const response = await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view","display_name":"All hands","close_caption":"burnt-in"}}');

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ meetingId: MEETING_ID, autoStart: { settings: { layout: 'speaker_view', display_name: 'All hands', close_caption: 'burnt-in' } } });
    expect((await stored())?.autoStart?.settings).toEqual({ layout: 'speaker_view', display_name: 'All hands', close_caption: 'burnt-in' });
  });

  it('registers with empty settings when there is no body', async () => {
    const response = await call('PUT', AUTO_START);

    expect(json(response)).toEqual({ meetingId: MEETING_ID, autoStart: { settings: {} } });
    expect((await stored())?.autoStart).toMatchObject({ settings: {}, schedule: false });
  });

  it('replaces the settings of an earlier registration instead of merging them', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view","active_speaker_name":true}}');

    const response = await call('PUT', AUTO_START, '{"settings":{"display_name":"Second"}}');

    expect(json(response).autoStart).toEqual({ settings: { display_name: 'Second' } });
    expect((await stored())?.autoStart?.settings).toEqual({ display_name: 'Second' });
  });

  it('calls Zoom for nothing', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view"}}');

    expect(backends.zoom.requests).toEqual([]);
  });
});

describe('a bad registration is 400 INVALID_REQUEST naming the field, and stores nothing', () => {
  it.each([
    ['a meeting id that is not digits', '/meetings/abc123def/livestream/auto-start', undefined, 'meetingId: must be a string of 9 to 19 digits'],
    ['a meeting id too short', '/meetings/12345/livestream/auto-start', undefined, 'meetingId: must be a string of 9 to 19 digits'],
    ['a body that is not JSON', AUTO_START, '{"settings":', 'body: is not valid JSON'],
    ['a body that is an array', AUTO_START, '[]', 'body: must be a JSON object'],
    ['an unknown top-level key', AUTO_START, '{"settings":{},"autostart":true}', 'autostart: unknown key'],
    ['settings that are not an object', AUTO_START, '{"settings":"speaker_view"}', 'settings: must be a JSON object'],
    ['an unknown setting', AUTO_START, '{"settings":{"colour":"blue"}}', 'settings.colour: unknown key'],
    ['a layout Zoom does not have', AUTO_START, '{"settings":{"layout":"grid"}}', 'settings.layout: must be one of follow_host, gallery_view, speaker_view'],
    ['a display name of 51 characters', AUTO_START, JSON.stringify({ settings: { display_name: 'x'.repeat(51) } }), 'settings.display_name: must be 1 to 50 characters'],
    ['an empty display name', AUTO_START, '{"settings":{"display_name":""}}', 'settings.display_name: must be 1 to 50 characters'],
    ['active_speaker_name as a string', AUTO_START, '{"settings":{"active_speaker_name":"true"}}', 'settings.active_speaker_name: must be true or false'],
    ['a close_caption Zoom does not have', AUTO_START, '{"settings":{"close_caption":"on"}}', 'settings.close_caption: must be one of burnt-in, embedded, off'],
  ])('%s', async (_, path, body, message) => {
    const response = await call('PUT', path, body);

    expect(response).toMatchObject({ statusCode: 400 });
    expect(json(response)).toEqual({ error: { code: 'INVALID_REQUEST', message } });
    expect(await stored()).toBeUndefined();
  });

  it('leaves an earlier registration as it was', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"gallery_view"}}');

    const response = await call('PUT', AUTO_START, '{"settings":{"layout":"grid"}}');

    expect(response).toMatchObject({ statusCode: 400 });
    expect((await stored())?.autoStart?.settings).toEqual({ layout: 'gallery_view' });
  });

  it('accepts a display name of 50 emoji (characters, not UTF-16 units)', async () => {
    const response = await call('PUT', AUTO_START, JSON.stringify({ settings: { display_name: '🎥'.repeat(50) } }));

    expect(response).toMatchObject({ statusCode: 200 });
  });
});

describe('DELETE …/auto-start', () => {
  it('unregisters the meeting', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view"}}');

    const response = await call('DELETE', AUTO_START);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ meetingId: MEETING_ID, autoStart: null });
    expect((await stored())?.autoStart).toBeUndefined();
  });

  it('answers the same when the meeting was never registered', async () => {
    const response = await call('DELETE', AUTO_START);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ meetingId: MEETING_ID, autoStart: null });
  });

  it('makes a later meeting.started start nothing', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view"}}');
    await call('DELETE', AUTO_START);

    const answer = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', { id: MEETING_ID, uuid: 'u-after-delete==' })), context());
    await system.services.startQueue.drain();

    expect(json(answer).result).toBe('not registered for auto-start');
    expect(backends.zoom.apiRequests).toEqual([]);
  });
});

describe('GET …/livestream', () => {
  it('answers an unregistered meeting with no registration and an unknown stream, beside what Zoom says', async () => {
    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({
      meetingId: MEETING_ID,
      autoStart: null,
      stream: { state: 'unknown', since: null },
      nextStart: null,
      zoom: { status: 'started', stream: expect.objectContaining({ stream_url: expect.any(String) }) },
    });
  });

  it('shows the registration and its settings', async () => {
    await call('PUT', AUTO_START, '{"settings":{"layout":"speaker_view"}}');

    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(json(response)).toMatchObject({ meetingId: MEETING_ID, autoStart: { settings: { layout: 'speaker_view' } } });
  });

  it('shows the stream live after meeting.live_streaming_started, since its time', async () => {
    await call('PUT', AUTO_START);
    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))), context());

    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(json(response).stream).toEqual({ state: 'live', since: '2026-11-26T09:00:00.000Z' });
  });

  it('shows the stream stopped after meeting.ended', async () => {
    await call('PUT', AUTO_START);
    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))), context());
    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.ended', { id: MEETING_ID, uuid: 'u-ended==', end_time: '2026-11-26T10:00:00Z' })), context());

    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(json(response).stream).toEqual({ state: 'stopped', since: '2026-11-26T10:00:00.000Z' });
  });

  it("answers from the system's own knowledge when Zoom is unavailable", async () => {
    const impatient = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET }, { backoff: { baseMs: 1, capMs: 1, maxAttempts: 1 } });
    await impatient.meetings(meetingsEvent('PUT', AUTO_START, '{"settings":{"layout":"speaker_view"}}'), context());
    backends.zoom.injectFaults({ type: 'status', status: 503, target: 'meeting' }, { type: 'status', status: 503, target: 'livestreamConfig' });

    const response = await impatient.meetings(meetingsEvent('GET', `/meetings/${MEETING_ID}/livestream`), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toMatchObject({ meetingId: MEETING_ID, autoStart: { settings: { layout: 'speaker_view' } }, zoom: null, zoomError: { code: 'ZOOM_UNAVAILABLE' } });
  });

  it('never answers the stream key Zoom has', async () => {
    const key = backends.zoom.meetingState(MEETING_ID)?.stream?.stream_key ?? '';

    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(key.length).toBeGreaterThan(4);
    expect(response).toMatchObject({ statusCode: 200 });
    expect((response as { body: string }).body).not.toContain(key);
  });

  it('keeps the stream state after the registration is removed', async () => {
    await call('PUT', AUTO_START);
    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, '2026-11-26T09:00:00Z'))), context());
    await call('DELETE', AUTO_START);

    const response = await call('GET', `/meetings/${MEETING_ID}/livestream`);

    expect(json(response)).toMatchObject({ autoStart: null, stream: { state: 'live', since: '2026-11-26T09:00:00.000Z' } });
  });
});

describe('webinars', () => {
  const WEBINAR_AUTO_START = `/webinars/${WEBINAR_ID}/livestream/auto-start`;

  it('are registered under webinarId with the webinar settings', async () => {
    const response = await call('PUT', WEBINAR_AUTO_START, '{"settings":{"display_name":"Webinar","active_speaker_name":true}}');

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ webinarId: WEBINAR_ID, autoStart: { settings: { display_name: 'Webinar', active_speaker_name: true } } });
  });

  it('refuse a meeting-only setting', async () => {
    const response = await call('PUT', WEBINAR_AUTO_START, '{"settings":{"layout":"speaker_view"}}');

    expect(response).toMatchObject({ statusCode: 400 });
    expect(json(response)).toEqual({ error: { code: 'INVALID_REQUEST', message: 'settings.layout: unknown key' } });
    expect(await system.services.store.get({ kind: 'webinar', id: WEBINAR_ID }, budget())).toBeUndefined();
  });

  it('name a bad id webinarId', async () => {
    const response = await call('PUT', '/webinars/12/livestream/auto-start');

    expect(json(response)).toEqual({ error: { code: 'INVALID_REQUEST', message: 'webinarId: must be a string of 9 to 19 digits' } });
  });

  it('are registered apart from a meeting with the same id', async () => {
    await call('PUT', WEBINAR_AUTO_START, '{"settings":{"display_name":"Webinar"}}');

    expect(await system.services.store.get({ kind: 'meeting', id: WEBINAR_ID }, budget())).toBeUndefined();
    expect((await system.services.store.get({ kind: 'webinar', id: WEBINAR_ID }, budget()))?.autoStart?.settings).toEqual({ display_name: 'Webinar' });
  });

  it('are unregistered under webinarId', async () => {
    await call('PUT', WEBINAR_AUTO_START);

    const response = await call('DELETE', WEBINAR_AUTO_START);

    expect(json(response)).toEqual({ webinarId: WEBINAR_ID, autoStart: null });
  });

  it('are described under webinarId', async () => {
    await call('PUT', WEBINAR_AUTO_START, '{"settings":{"display_name":"Webinar"}}');

    const response = await call('GET', `/webinars/${WEBINAR_ID}/livestream`);

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toMatchObject({ webinarId: WEBINAR_ID, autoStart: { settings: { display_name: 'Webinar' } }, stream: { state: 'unknown', since: null } });
    expect(json(response)).not.toHaveProperty('meetingId');
  });
});
