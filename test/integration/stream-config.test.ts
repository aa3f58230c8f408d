import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * `PUT /meetings/{id}/livestream` sets the meeting's custom live stream in Zoom (`PATCH
 * …/livestream`, same keys); anything Zoom would refuse is refused first, naming the field, without
 * a Zoom call. `GET …/livestream` shows Zoom's view with the key masked.
 */
const MEETING = '86000000001';
const path = `/meetings/${MEETING}/livestream`;
const VALID = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2',
  stream_key: 'abcd-efgh-ijkl-mnop-q7r8',
  page_url: 'https://www.youtube.com/@example/live',
  resolution: '1080p',
};

let system: MeetingTimesSystem;

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock: new ManualClock(Date.UTC(2026, 2, 2, 9, 0)) });
  system.zoom.addMeeting(MEETING, { status: 'waiting', streamConfigured: false });
});
afterEach(() => system.close());

const configure = (body: unknown) => system.api('PUT', path, body);
const zoomBody = () => JSON.parse(system.zoom.apiRequests.find((r) => r.method === 'PATCH')?.bodyText ?? 'null');

describe('a valid configuration', () => {
  it("is sent to Zoom's stream endpoint with the same keys and values", async () => {
    await configure(VALID);

    expect(system.zoomCalls()).toEqual([`PATCH /v2/meetings/${MEETING}/livestream`]);
    expect(zoomBody()).toEqual(VALID);
  });

  it('is answered with the stream configured and its key reduced to the last four characters', async () => {
    const answer = await configure(VALID);

    expect(answer).toEqual({
      status: 200,
      body: { meetingId: MEETING, streamConfigured: true, stream: { ...VALID, stream_key: '…q7r8' } },
    });
  });

  it('is set in Zoom', async () => {
    await configure(VALID);

    expect(system.zoom.meetingState(MEETING)?.stream).toEqual(VALID);
  });

  it('without resolution sends none', async () => {
    const { resolution: _resolution, ...withoutResolution } = VALID;

    await configure(withoutResolution);

    expect(zoomBody()).toEqual(withoutResolution);
  });

  it.each(['rtmps://live.example.com:443/app', 'http://ingest.example.com/live', 'https://ingest.example.com/live'])('takes stream_url %s', async (streamUrl) => {
    const answer = await configure({ ...VALID, stream_url: streamUrl });

    expect(answer.status).toBe(200);
  });

  it('takes a stream_url of exactly 1024 characters', async () => {
    const streamUrl = `rtmp://live.example.com/${'a'.repeat(1024 - 'rtmp://live.example.com/'.length)}`;

    const answer = await configure({ ...VALID, stream_url: streamUrl });

    expect(answer.status).toBe(200);
  });

  it.each([1, 512])('takes a stream_key of %i characters', async (length) => {
    const answer = await configure({ ...VALID, stream_key: 'k'.repeat(length) });

    expect(answer.status).toBe(200);
  });

  it('answers a short key without any of its characters', async () => {
    const answer = await configure({ ...VALID, stream_key: 'k3y' });

    expect(answer.body.stream.stream_key).not.toMatch(/[k3y]/);
  });
});

describe('an invalid configuration is 400 INVALID_REQUEST naming the field, and Zoom is not called', () => {
  const long = (prefix: string, length: number) => prefix + 'a'.repeat(length - prefix.length);

  it.each([
    ['stream_url', 'an ftp URL', { ...VALID, stream_url: 'ftp://files.example.com/live' }],
    ['stream_url', 'not a URL', { ...VALID, stream_url: 'live.example.com/app' }],
    ['stream_url', '1025 characters', { ...VALID, stream_url: long('rtmp://live.example.com/', 1025) }],
    ['stream_url', 'missing', { stream_key: VALID.stream_key, page_url: VALID.page_url }],
    ['stream_key', 'empty', { ...VALID, stream_key: '' }],
    ['stream_key', '513 characters', { ...VALID, stream_key: 'k'.repeat(513) }],
    ['stream_key', 'missing', { stream_url: VALID.stream_url, page_url: VALID.page_url }],
    ['stream_key', 'a number', { ...VALID, stream_key: 12345678 }],
    ['page_url', 'an rtmp URL', { ...VALID, page_url: 'rtmp://live.example.com/app' }],
    ['page_url', '1025 characters', { ...VALID, page_url: long('https://example.com/', 1025) }],
    ['page_url', 'missing', { stream_url: VALID.stream_url, stream_key: VALID.stream_key }],
    ['resolution', '4k', { ...VALID, resolution: '4k' }],
    ['bitrate', 'an unknown key', { ...VALID, bitrate: 6000 }],
  ])('%s: %s', async (field, _case, body) => {
    const answer = await configure(body);

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(new RegExp(`^${field}: `)) });
    expect(system.zoomCalls()).toEqual([]);
  });

  it('a body that is not an object is named as the body', async () => {
    const answer = await configure([VALID]);

    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^body: /);
    expect(system.zoomCalls()).toEqual([]);
  });
});

describe('GET …/livestream', () => {
  it("adds Zoom's status and the configured stream, key masked", async () => {
    await configure(VALID);

    const answer = await system.api('GET', path);

    expect(answer.body.zoom).toEqual({ status: 'waiting', stream: { ...VALID, stream_key: '…q7r8' } });
  });

  it('shows a running meeting as started', async () => {
    system.zoom.setMeetingStatus(MEETING, 'started');

    const answer = await system.api('GET', path);

    expect(answer.body.zoom.status).toBe('started');
  });

  it('shows no stream when none is configured', async () => {
    const answer = await system.api('GET', path);

    expect(answer.body.zoom).toEqual({ status: 'waiting', stream: null });
  });
});

it('a meeting Zoom does not have is 404 MEETING_NOT_FOUND', async () => {
  const answer = await system.api('PUT', '/meetings/86999999999/livestream', VALID);

  expect(answer.status).toBe(404);
  expect(answer.body.error.code).toBe('MEETING_NOT_FOUND');
});
