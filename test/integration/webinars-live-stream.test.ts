import { lambdaContext } from '../../local/lambda-context';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * Webinars mirror meetings under `/webinars/{webinarId}/…`: the same operations, Zoom's webinar
 * paths, answers that name `webinarId`, and plain payloads that carry `webinarId` instead of
 * `meetingId`.
 */
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const WEBINAR = '91000000001';
const base = `/webinars/${WEBINAR}/livestream`;

let system: MeetingTimesSystem;

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock: new ManualClock(T0) });
  system.zoom.addWebinar(WEBINAR, { status: 'started' });
});
afterEach(() => system.close());

const invoke = (fn: 'start' | 'stop', payload: unknown) => system.handlers[fn](payload, lambdaContext(fn));

describe('POST …/start', () => {
  it("answers with the webinar's id", async () => {
    const answer = await system.api('POST', `${base}/start`);

    expect(answer).toEqual({ status: 200, body: { webinarId: WEBINAR, action: 'start', status: 'ok' } });
  });

  it("calls Zoom's webinar live stream status endpoint", async () => {
    await system.api('POST', `${base}/start`);

    expect(system.zoomCalls()).toEqual([`PATCH /v2/webinars/${WEBINAR}/livestream/status`]);
    expect(system.zoom.meetingState(WEBINAR)).toMatchObject({ webinar: true, live: true, starts: 1 });
  });

  it('passes the two webinar settings on to Zoom', async () => {
    await system.api('POST', `${base}/start`, { settings: { active_speaker_name: true, display_name: 'Product launch' } });

    expect(system.zoom.meetingState(WEBINAR)?.settings).toEqual({ active_speaker_name: true, display_name: 'Product launch' });
  });
});

describe('POST …/stop', () => {
  it("stops the webinar's stream and answers with its id", async () => {
    await system.api('POST', `${base}/start`);

    const answer = await system.api('POST', `${base}/stop`);

    expect(answer).toEqual({ status: 200, body: { webinarId: WEBINAR, action: 'stop', status: 'ok' } });
    expect(system.zoom.meetingState(WEBINAR)).toMatchObject({ live: false, stops: 1 });
  });
});

describe('GET …/livestream', () => {
  it("names the webinar and shows Zoom's stream with the key masked", async () => {
    const answer = await system.api('GET', base);

    expect(answer.body).toEqual({
      webinarId: WEBINAR,
      autoStart: null,
      stream: { state: 'unknown', since: null },
      nextStart: null,
      zoom: {
        status: null,
        stream: { stream_url: 'rtmp://live.simulator.invalid/live', page_url: `https://simulator.invalid/live/${WEBINAR}`, resolution: '720p', stream_key: `…${WEBINAR.slice(-4)}` },
      },
    });
  });
});

describe('PUT …/livestream', () => {
  it("configures the webinar's stream in Zoom and answers with its id", async () => {
    const config = { stream_url: 'rtmps://live.example.com:443/app', stream_key: 'webinar-key-0001', page_url: 'https://example.com/live' };

    const answer = await system.api('PUT', base, config);

    expect(answer.body).toMatchObject({ webinarId: WEBINAR, streamConfigured: true });
    expect(system.zoomCalls()).toEqual([`PATCH /v2/webinars/${WEBINAR}/livestream`]);
    expect(system.zoom.meetingState(WEBINAR)?.stream).toEqual(config);
  });
});

describe('a plain payload (Scheduler input, direct invoke)', () => {
  it('starts a webinar named by webinarId', async () => {
    const result = await invoke('start', { webinarId: WEBINAR, settings: { display_name: 'Launch' } });

    expect(result).toEqual({ webinarId: WEBINAR, action: 'start', status: 'ok' });
    expect(system.zoomCalls()).toEqual([`PATCH /v2/webinars/${WEBINAR}/livestream/status`]);
  });

  it('stops a webinar named by webinarId', async () => {
    await invoke('start', { webinarId: WEBINAR });

    const result = await invoke('stop', { webinarId: WEBINAR });

    expect(result).toEqual({ webinarId: WEBINAR, action: 'stop', status: 'ok' });
  });

  it('is refused when it names both a meeting and a webinar, without calling Zoom', async () => {
    await expect(invoke('start', { meetingId: '85746065432', webinarId: WEBINAR })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('webinarId'),
    });
    expect(system.zoomCalls()).toEqual([]);
  });

  it('is refused with a meeting-only setting, naming it, without calling Zoom', async () => {
    await expect(invoke('start', { webinarId: WEBINAR, settings: { layout: 'gallery_view' } })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'settings.layout: unknown key',
    });
    expect(system.zoomCalls()).toEqual([]);
  });
});
