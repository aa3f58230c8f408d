import {
  budgetOf,
  changeLiveStream,
  MEETING,
  MeetingNotFoundError,
  MeetingNotStartedError,
  NOTE_NOT_RUNNING,
  StreamNotConfiguredError,
  useCaseDeps,
  ZoomRefusedCredentialsError,
  type LiveStreamCommand,
  type UseCaseDeps,
} from './support';

const WEBINAR = { kind: 'webinar', id: '91234567890' } as const;

let deps: UseCaseDeps;
beforeEach(() => {
  deps = useCaseDeps();
});

const run = (command: Partial<LiveStreamCommand> = {}) => changeLiveStream({ target: MEETING, action: 'start', ...command }, budgetOf(deps), deps);

describe("a refused start is told apart by the meeting's status", () => {
  it('waiting: MEETING_NOT_STARTED, with Zoom’s answer kept', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MeetingNotStartedError);
    expect((error as MeetingNotStartedError).zoom).toMatchObject({ zoomStatus: 400, zoomCode: 3000 });
    expect(deps.fakeZoom.calls.map((call) => call.method)).toEqual(['updateLiveStreamStatus', 'getMeeting']);
  });

  it('running without a custom stream: STREAM_NOT_CONFIGURED, saying how to set one up', async () => {
    deps.fakeZoom.meeting(MEETING.id, { streamConfigured: false });
    await expect(run()).rejects.toThrow(StreamNotConfiguredError);
    await expect(run()).rejects.toThrow(/PUT \/meetings\/85746065432\/livestream with stream_url, stream_key and page_url/);
  });

  it('gone: MEETING_NOT_FOUND', async () => {
    deps.fakeZoom.remove(MEETING.id);
    await expect(run()).rejects.toBeInstanceOf(MeetingNotFoundError);
  });

  it('of a webinar, which has no status, by Zoom’s webinar codes: 200 is not started, 3000 not configured', async () => {
    deps.fakeZoom.meeting(WEBINAR.id, { status: 'waiting' });
    await expect(run({ target: WEBINAR })).rejects.toBeInstanceOf(MeetingNotStartedError);
    deps.fakeZoom.meeting(WEBINAR.id, { status: 'started', streamConfigured: false });
    await expect(run({ target: WEBINAR })).rejects.toBeInstanceOf(StreamNotConfiguredError);
    expect(deps.fakeZoom.callsOf('getMeeting')).toEqual([]);
  });
});

describe('a stop', () => {
  it('of a meeting not running is fine, noted as such', async () => {
    deps.fakeZoom.meeting(MEETING.id, { status: 'waiting' });
    expect(await run({ action: 'stop' })).toEqual({ status: 'ok', note: NOTE_NOT_RUNNING });
  });

  it('of a meeting Zoom no longer has is fine too', async () => {
    deps.fakeZoom.remove(MEETING.id);
    expect(await run({ action: 'stop' })).toEqual({ status: 'ok', note: NOTE_NOT_RUNNING });
  });
});

describe('retries inside one call', () => {
  it('renews a refused token once and sends again with the new one', async () => {
    deps.fakeZoom.answerNext('updateLiveStreamStatus', { status: 401, code: 124, message: 'Invalid access token.' });
    expect(await run()).toEqual({ status: 'ok' });
    expect(deps.fakeZoom.calls.map((call) => call.token)).toEqual(['fake-token-1', 'fake-token-2']);
  });

  it('turns a second refusal of a new token into a configuration error naming the scopes and the secret', async () => {
    deps.fakeZoom.answerNext('updateLiveStreamStatus', { status: 401, code: 124, message: 'Invalid access token.' }, 2);
    await expect(run()).rejects.toThrow(ZoomRefusedCredentialsError);
  });

  it('answers a start that met the 30-second rule after an unclear attempt as probably live (unconfirmed)', async () => {
    deps.fakeZoom.answerNext('updateLiveStreamStatus', { status: 502 });
    deps.fakeZoom.answerNext('updateLiveStreamStatus', { status: 429, code: 429, message: 'Too many requests submitted to start the live stream of this meeting.' });
    expect(await run()).toEqual({ status: 'ok', unconfirmed: true });
    expect(deps.clock.sleeps).toHaveLength(1);
  });
});
