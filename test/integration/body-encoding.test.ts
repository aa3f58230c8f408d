import { MEETING_ID, context, freshHandler, loadEvent, parseBody, startBackends, withLog, configurationAnswer, type Backends, liveStreamHandler } from '../helpers/backends';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

describe('the live stream body on the wire', () => {
  it('is JSON by default', async () => {
    const { handler } = freshHandler('start', backends.env);
    await handler(loadEvent('start-scheduler.json'), context());

    const [request] = backends.zoom.apiRequests;
    expect(request?.contentType).toBe('application/json');
    expect(JSON.parse(request?.bodyText ?? '')).toEqual({
      action: 'start',
      settings: { display_name: 'All hands', layout: 'speaker_view', active_speaker_name: true },
    });
  });

  it('is multipart/form-data with action and a JSON settings field when ZOOM_BODY_ENCODING=multipart', async () => {
    const { handler } = freshHandler('start', { ...backends.env, ZOOM_BODY_ENCODING: 'multipart' });
    await handler(loadEvent('start-scheduler.json'), context());

    const [request] = backends.zoom.apiRequests;
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.bodyText).toMatch(/name="action"\r\n\r\nstart\r\n/);
    expect(request?.bodyText).toContain('name="settings"\r\n\r\n{"active_speaker_name":true,"display_name":"All hands","layout":"speaker_view"}\r\n');
    expect(backends.zoom.meetingState(MEETING_ID)).toMatchObject({ status: 'started', settings: { display_name: 'All hands' } });
  });

  it('sends only the action field when stopping in multipart', async () => {
    const { handler } = freshHandler('stop', { ...backends.env, ZOOM_BODY_ENCODING: 'multipart' });
    await handler(loadEvent('stop-scheduler.json'), context());

    const [request] = backends.zoom.apiRequests;
    expect(request?.parsed).toEqual({ action: 'stop' });
    expect(request?.bodyText).not.toContain('name="settings"');
  });

  it('answers an unknown encoding with CONFIGURATION_ERROR and calls nothing', async () => {
    const handler = liveStreamHandler('start', { ...backends.env, ZOOM_BODY_ENCODING: 'xml' });

    const { result: response, log } = await withLog(() => handler(loadEvent('start-apigateway-rest.json'), context()));

    expect(response).toMatchObject({ statusCode: 500 });
    expect(parseBody(response).error).toEqual(configurationAnswer());
    expect(log).toContain('ZOOM_BODY_ENCODING must be one of json, multipart, got \\"xml\\"');
    expect(backends.zoom.requests).toHaveLength(0);
  });
});
