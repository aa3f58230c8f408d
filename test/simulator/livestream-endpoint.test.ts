import FormData from 'form-data';
import { startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { exchangeToken, http, patchStatus } from './http';

const MEETING = '85746065432';
const UNCONFIGURED = '123456789';
const REPEATED_START_MESSAGE =
  `Too many requests submitted to start the live stream of this meeting: ${MEETING}. ` +
  'If the live stream has not already started, retry making a new request after 30 seconds.';

describe('Zoom simulator: PATCH /v2/meetings/{meetingId}/livestream/status', () => {
  let sim: ZoomSimulator;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    sim = await startZoomSimulator({ now: () => clock, meetings: [MEETING], tokenTtlSeconds: 3600 });
    sim.addMeeting(UNCONFIGURED, { streamConfigured: false });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    clock = 1_000_000_000;
    sim.reset();
    token = await exchangeToken(sim);
    sim.clearRequests();
  });

  describe('success and state', () => {
    it('starts the stream with 204 and an empty body, keeping the settings', async () => {
      const settings = { active_speaker_name: true, display_name: 'All hands', layout: 'speaker_view', close_caption: 'off' };

      const response = await patchStatus(sim, MEETING, { action: 'start', settings }, token);

      expect(response.status).toBe(204);
      expect(response.data).toBe('');
      expect(sim.meetingState(MEETING)).toMatchObject({ status: 'started', settings, lastStartAt: clock, starts: 1 });
    });

    it('stops the stream with 204', async () => {
      await patchStatus(sim, MEETING, { action: 'start' }, token);

      const response = await patchStatus(sim, MEETING, { action: 'stop' }, token);

      expect(response.status).toBe(204);
      expect(sim.meetingState(MEETING)).toMatchObject({ status: 'stopped', stops: 1 });
    });

    it('answers a repeated start within 30 s with 429 and Zoom message, and accepts it after 30 s', async () => {
      expect((await patchStatus(sim, MEETING, { action: 'start' }, token)).status).toBe(204);
      clock += 29_999;

      const tooSoon = await patchStatus(sim, MEETING, { action: 'start' }, token);
      clock += 1;
      const later = await patchStatus(sim, MEETING, { action: 'start' }, token);

      expect(tooSoon.status).toBe(429);
      expect(tooSoon.data).toEqual({ code: 429, message: REPEATED_START_MESSAGE });
      expect(tooSoon.headers['retry-after']).toBeUndefined();
      expect(later.status).toBe(204);
      expect(sim.meetingState(MEETING)?.starts).toBe(2);
    });

    it('can add Retry-After to the repeated-start 429 when asked to', async () => {
      const withHeader = await startZoomSimulator({ embedded: true, repeatedStartRetryAfter: true, now: () => clock });
      try {
        const own = withHeader.issueStaticToken();
        await patchStatus(withHeader, MEETING, { action: 'start' }, own);
        clock += 10_000;
        const response = await patchStatus(withHeader, MEETING, { action: 'start' }, own);
        expect(response.status).toBe(429);
        expect(response.headers['retry-after']).toBe('20');
      } finally {
        await withHeader.close();
      }
    });
  });

  describe('authentication', () => {
    it('answers 401 code 124 without a token', async () => {
      const response = await patchStatus(sim, MEETING, { action: 'start' }, undefined);

      expect(response.status).toBe(401);
      expect(response.data).toEqual({ code: 124, message: 'Invalid access token.' });
      expect(sim.meetingState(MEETING)?.status).toBe('stopped');
    });

    it('answers 401 code 124 for an unknown token', async () => {
      const response = await patchStatus(sim, MEETING, { action: 'start' }, 'not-a-token');

      expect(response.status).toBe(401);
      expect(response.data.code).toBe(124);
    });

    it('answers 401 code 124 once the token has expired', async () => {
      clock += 3600 * 1000;

      const response = await patchStatus(sim, MEETING, { action: 'start' }, token);

      expect(response.status).toBe(401);
      expect(response.data).toEqual({ code: 124, message: 'Access token is expired.' });
    });

    it('answers 401 code 124 for revoked tokens, and accepts a newly exchanged one', async () => {
      const staticToken = sim.issueStaticToken();
      sim.revokeTokens();

      const revoked = await patchStatus(sim, MEETING, { action: 'start' }, token);
      const revokedStatic = await patchStatus(sim, MEETING, { action: 'start' }, staticToken);
      const fresh = await patchStatus(sim, MEETING, { action: 'start' }, await exchangeToken(sim));

      expect([revoked.status, revokedStatic.status]).toEqual([401, 401]);
      expect(revoked.data.code).toBe(124);
      expect(fresh.status).toBe(204);
    });

    it('accepts a pre-issued static token without counting an exchange', async () => {
      sim.reset();
      const response = await patchStatus(sim, MEETING, { action: 'stop' }, sim.issueStaticToken());

      expect(response.status).toBe(204);
      expect(sim.tokenExchanges).toBe(0);
    });
  });

  describe('meeting errors', () => {
    it('answers 404 code 3001 for an unknown meeting', async () => {
      const response = await patchStatus(sim, '99999999999', { action: 'start' }, token);

      expect(response.status).toBe(404);
      expect(response.data).toEqual({ code: 3001, message: 'Meeting does not exist: 99999999999.' });
    });

    it.each(['12345678', '12345678901234567890', 'abc', '%2085746065432', '85746065432abc'])(
      'answers 300 "Invalid meeting id." for %s',
      async (meetingId) => {
        const response = await patchStatus(sim, meetingId, { action: 'start' }, token);

        expect(response.status).toBe(300);
        expect(response.data).toEqual({ code: 300, message: 'Invalid meeting id.' });
      },
    );

    it('answers 400 code 3000 when the stream is not configured', async () => {
      const response = await patchStatus(sim, UNCONFIGURED, { action: 'start' }, token);

      expect(response.status).toBe(400);
      expect(response.data.code).toBe(3000);
      expect(sim.meetingState(UNCONFIGURED)?.status).toBe('stopped');
    });

    it('in embedded mode treats every well-formed id as a configured meeting', async () => {
      const embedded = await startZoomSimulator({ embedded: true });
      try {
        const own = embedded.issueStaticToken();
        const started = await patchStatus(embedded, '1234567890123', { action: 'start' }, own);
        const malformed = await patchStatus(embedded, '1234', { action: 'start' }, own);
        expect(started.status).toBe(204);
        expect(embedded.meetingState('1234567890123')?.status).toBe('started');
        expect(malformed.status).toBe(300);
      } finally {
        await embedded.close();
      }
    });
  });

  describe('body validation', () => {
    it.each([
      ['an unknown action', { action: 'pause' }, 'action'],
      ['no action', { settings: {} }, 'action'],
      ['settings that are not an object', { action: 'start', settings: 'x' }, 'settings'],
      ['a non-boolean active_speaker_name', { action: 'start', settings: { active_speaker_name: 'yes' } }, 'settings.active_speaker_name'],
      ['an empty display_name', { action: 'start', settings: { display_name: '' } }, 'settings.display_name'],
      ['a 51-character display_name', { action: 'start', settings: { display_name: 'x'.repeat(51) } }, 'settings.display_name'],
      ['an unknown layout', { action: 'start', settings: { layout: 'grid' } }, 'settings.layout'],
      ['an unknown close_caption', { action: 'start', settings: { close_caption: 'on' } }, 'settings.close_caption'],
    ])('answers 400 code 300 naming the field for %s', async (_, body, field) => {
      const response = await patchStatus(sim, MEETING, body, token);

      expect(response.status).toBe(400);
      expect(response.data).toMatchObject({ code: 300, message: 'Validation Failed.' });
      expect(response.data.errors).toContainEqual(expect.objectContaining({ field }));
      expect(sim.meetingState(MEETING)?.status).toBe('stopped');
    });

    it('answers 400 code 300 for a body that is not a JSON object', async () => {
      const notJson = await http.patch(`${sim.apiBaseUrl}/meetings/${MEETING}/livestream/status`, '{"action":', {
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        transformRequest: [(data: unknown) => data],
      });
      const array = await patchStatus(sim, MEETING, [{ action: 'start' }], token);

      expect(notJson.status).toBe(400);
      expect(notJson.data).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
      expect(array.status).toBe(400);
    });
  });

  describe('body encodings on the wire', () => {
    it('parses and records a JSON body', async () => {
      await patchStatus(sim, MEETING, { action: 'start', settings: { layout: 'gallery_view' } }, token);

      const [recorded] = sim.apiRequests;
      expect(recorded).toMatchObject({
        method: 'PATCH',
        path: `/v2/meetings/${MEETING}/livestream/status`,
        meetingId: MEETING,
        contentType: 'application/json',
        bodyText: '{"action":"start","settings":{"layout":"gallery_view"}}',
        parsed: { action: 'start', settings: { layout: 'gallery_view' } },
        authScheme: 'Bearer',
        authorized: true,
        status: 204,
      });
      expect(recorded?.headers.authorization).toBe('Bearer <redacted>');
      expect(JSON.stringify(sim.requests)).not.toContain(token);
    });

    it('parses a multipart/form-data body built by form-data, settings as a JSON string', async () => {
      const form = new FormData();
      form.append('action', 'start');
      form.append('settings', JSON.stringify({ display_name: 'Town hall', active_speaker_name: false }));

      const response = await http.patch(`${sim.apiBaseUrl}/meetings/${MEETING}/livestream/status`, form.getBuffer(), {
        headers: { ...form.getHeaders(), Authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(204);
      const [recorded] = sim.apiRequests;
      expect(recorded?.contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(recorded?.bodyText).toContain('name="settings"');
      expect(recorded?.parsed).toEqual({ action: 'start', settings: { display_name: 'Town hall', active_speaker_name: false } });
      expect(sim.meetingState(MEETING)?.settings).toEqual({ display_name: 'Town hall', active_speaker_name: false });
    });

    it('parses a multipart body sent by fetch with a stop action and no settings', async () => {
      const form = new globalThis.FormData();
      form.append('action', 'stop');

      const response = await fetch(`${sim.apiBaseUrl}/meetings/${MEETING}/livestream/status`, {
        method: 'PATCH',
        body: form,
        headers: { Authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(204);
      expect(sim.apiRequests[0]?.parsed).toEqual({ action: 'stop' });
    });

    it('answers 400 code 300 for multipart settings that are not JSON', async () => {
      const form = new FormData();
      form.append('action', 'start');
      form.append('settings', '{layout:');

      const response = await http.patch(`${sim.apiBaseUrl}/meetings/${MEETING}/livestream/status`, form.getBuffer(), {
        headers: { ...form.getHeaders(), Authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(400);
      expect(response.data).toMatchObject({ code: 300, errors: [{ field: 'settings' }] });
    });
  });

  it('sends a distinct x-zm-trackingid with every answer, errors included', async () => {
    const answers = [
      await patchStatus(sim, MEETING, { action: 'start' }, token),
      await patchStatus(sim, MEETING, { action: 'start' }, token),
      await patchStatus(sim, MEETING, { action: 'start' }, undefined),
      await http.get(`${sim.baseUrl}/v2/unknown`),
    ];

    const ids = answers.map((a) => a.headers['x-zm-trackingid']);
    expect(answers.map((a) => a.status)).toEqual([204, 429, 401, 404]);
    ids.forEach((id) => expect(id).toMatch(/^v=2\.0;clid=\w+;rid=WEB_[0-9a-f]{32}$/));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sim.requests.map((r) => r.trackingId)).toEqual(ids);
  });
});
