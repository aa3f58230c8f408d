import { handler as start } from '../../functions/start';
import { handler as stop } from '../../functions/stop';
import { MEETING_ID, context, loadEvent, parseBody, startBackends, type Backends } from '../helpers/backends';

/**
 * The exported Lambda handlers themselves, configured only through the environment as in Lambda,
 * reading the secret from moto through the AWS SDK and calling the Zoom simulator over HTTP.
 */
let backends: Backends;

beforeAll(async () => {
  backends = await startBackends();
  Object.assign(process.env, backends.env);
});

afterAll(async () => {
  for (const name of Object.keys(backends.env)) delete process.env[name];
  await backends.close();
});

beforeEach(() => backends.zoom.reset());

const SETTINGS = { display_name: 'All hands', layout: 'speaker_view', active_speaker_name: true };

/**
 * An event as it arrives now. A start's window and its claim on the meeting count from an EventBridge
 * event's `time`: the fixture's fixed time would make every start in this file one event, which the
 * first start already handled.
 */
function arriving(name: string) {
  const event = loadEvent(name);
  if (typeof event.time === 'string') event.time = new Date().toISOString();
  return event;
}

describe.each([
  ['API Gateway REST (payload 1.0)', 'apigateway-rest'],
  ['API Gateway HTTP API (payload 2.0)', 'apigateway-http'],
])('%s', (_, form) => {
  it('starts the stream with the settings and answers 200', async () => {
    const response = await start(loadEvent(`start-${form}.json`), context());

    expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(parseBody(response)).toEqual({ meetingId: MEETING_ID, action: 'start', status: 'ok' });
    expect(backends.zoom.meetingState(MEETING_ID)).toMatchObject({ status: 'started', settings: SETTINGS });
    const [request] = backends.zoom.apiRequests;
    expect(request).toMatchObject({ method: 'PATCH', path: `/v2/meetings/${MEETING_ID}/livestream/status`, authorized: true });
    expect(request?.parsed).toEqual({ action: 'start', settings: SETTINGS });
  });

  it('stops the stream and answers 200', async () => {
    await start(loadEvent(`start-${form}.json`), context());
    const response = await stop(loadEvent(`stop-${form}.json`), context());

    expect(parseBody(response)).toEqual({ meetingId: MEETING_ID, action: 'stop', status: 'ok' });
    expect(backends.zoom.meetingState(MEETING_ID)?.status).toBe('stopped');
    expect(backends.zoom.apiRequests.at(-1)?.parsed).toEqual({ action: 'stop' });
  });
});

describe.each([
  ['a plain payload (Scheduler target input, direct invoke)', 'scheduler'],
  ['an EventBridge event with the payload as detail', 'eventbridge'],
])('%s', (_, form) => {
  it('starts the stream and returns the result', async () => {
    await expect(start(arriving(`start-${form}.json`), context())).resolves.toEqual({
      meetingId: MEETING_ID,
      action: 'start',
      status: 'ok',
    });
    expect(backends.zoom.meetingState(MEETING_ID)).toMatchObject({ status: 'started', settings: SETTINGS });
  });

  it('stops the stream and returns the result', async () => {
    await start(arriving(`start-${form}.json`), context());
    await expect(stop(arriving(`stop-${form}.json`), context())).resolves.toEqual({
      meetingId: MEETING_ID,
      action: 'stop',
      status: 'ok',
    });
    expect(backends.zoom.meetingState(MEETING_ID)?.status).toBe('stopped');
  });

  it('throws a named error instead of returning it, so Lambda retries and dead-letters it', async () => {
    const event = arriving(`start-${form}.json`);
    const payload = form === 'eventbridge' ? event.detail : event;
    payload.meetingId = '99999999999';

    await expect(start(event, context())).rejects.toMatchObject({ name: 'MEETING_NOT_FOUND' });
  });
});
