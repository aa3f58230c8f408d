import { context, freshHandler, loadEvent, parseBody, startBackends, type Backends } from '../helpers/backends';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

/** A REST API request as API Gateway delivers it: the path still percent-encoded, the path parameter decoded. */
function restStart(meetingId: unknown, body?: string) {
  const event = loadEvent('start-apigateway-rest.json');
  event.pathParameters.meetingId = meetingId;
  event.path = `/meetings/${encodeURIComponent(String(meetingId))}/livestream/start`;
  if (body !== undefined) event.body = body;
  return event;
}

describe('bad input is answered 400 INVALID_REQUEST naming the field, and nothing reaches Zoom', () => {
  let start: ReturnType<typeof freshHandler>['handler'];
  beforeAll(() => {
    start = freshHandler('start', backends.env).handler;
  });

  it.each([
    ['an empty meeting id (a path outside the API)', restStart(''), 'path'],
    ['meeting id "abc"', restStart('abc'), 'meetingId'],
    ['meeting id "12345"', restStart('12345'), 'meetingId'],
    ['a 22-digit meeting id', restStart('1234567890123456789012'), 'meetingId'],
    ['meeting id "../users/me"', restStart('../users/me'), 'meetingId'],
    ['meeting id "85746065432/../../x"', restStart('85746065432/../../x'), 'meetingId'],
    ['meeting id " 85746065432"', restStart(' 85746065432'), 'meetingId'],
    ['a body that is not JSON', restStart('85746065432', '{"settings": {'), 'body'],
    ['a JSON array body', restStart('85746065432', '[{"settings":{}}]'), 'body'],
    ['settings with an unknown key', restStart('85746065432', '{"settings":{"resolution":"1080p"}}'), 'settings.resolution'],
    ['display_name of 0 characters', restStart('85746065432', '{"settings":{"display_name":""}}'), 'settings.display_name'],
    ['display_name of 51 characters', restStart('85746065432', JSON.stringify({ settings: { display_name: 'x'.repeat(51) } })), 'settings.display_name'],
    ['layout "grid"', restStart('85746065432', '{"settings":{"layout":"grid"}}'), 'settings.layout'],
    ['a body over 10 KB', restStart('85746065432', JSON.stringify({ settings: {}, pad: 'x'.repeat(10 * 1024) })), 'body'],
  ])('%s', async (_, event, field) => {
    const response = await start(event, context());

    expect(response).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/json' } });
    const { error } = parseBody(response);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('applies the same rules to HTTP API (payload 2.0) events', async () => {
    const event = loadEvent('start-apigateway-http.json');
    event.pathParameters.meetingId = '../users/me';
    const response = await start(event, context());
    expect(response).toMatchObject({ statusCode: 400 });
    expect(parseBody(response).error.message).toBe('meetingId: must be a string of 9 to 19 digits');

    const layout = loadEvent('start-apigateway-http.json');
    layout.body = JSON.stringify({ settings: { layout: 'grid' } });
    expect(parseBody(await start(layout, context())).error.message).toMatch(/^settings\.layout: /);
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('decodes a base64 body before checking it', async () => {
    const event = { ...restStart('85746065432'), body: Buffer.from('{"settings":{"close_caption":"on"}}').toString('base64'), isBase64Encoded: true };
    const response = await start(event, context());
    expect(parseBody(response).error.message).toBe('settings.close_caption: must be one of burnt-in, embedded, off');
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it.each([
    ['not valid base64', '{"settings":{}}', 'body: is marked base64-encoded but is not valid base64'],
    ['not UTF-8 once decoded', Buffer.from('{"settings":{"display_name":"Caf\u00e9"}}', 'latin1').toString('base64'), 'body: is not UTF-8 text'],
  ])('refuses a base64-marked body that is %s, instead of passing on what it can decode', async (_, body, message) => {
    const response = await start({ ...restStart('85746065432'), body, isBase64Encoded: true }, context());
    expect(response).toMatchObject({ statusCode: 400 });
    expect(parseBody(response).error).toEqual({ code: 'INVALID_REQUEST', message });
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it.each([
    ['another method on the route', { httpMethod: 'GET' }, 'method: GET is not allowed on /meetings/85746065432/livestream/start'],
    ['a path outside the API', { path: '/meetings/85746065432/livestream/pause' }, 'path: /meetings/85746065432/livestream/pause is not a route of this API'],
    [
      "the stop function's path",
      { path: '/meetings/85746065432/livestream/stop', resource: '/meetings/{meetingId}/livestream/stop' },
      'path: POST /meetings/85746065432/livestream/stop is not served by the start function',
    ],
  ])('answers %s with 400 INVALID_REQUEST naming it', async (_, change, message) => {
    const response = await start({ ...restStart('85746065432'), ...change }, context());
    expect(response).toMatchObject({ statusCode: 400 });
    expect(parseBody(response).error).toEqual({ code: 'INVALID_REQUEST', message });
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('takes a body of exactly 10 KB and refuses one byte more', async () => {
    const json = '{"settings":{"display_name":"All hands"}}';
    const exact = json + ' '.repeat(10 * 1024 - json.length);
    await expect(start(restStart('85746065432', exact), context())).resolves.toMatchObject({ statusCode: 200 });

    backends.zoom.reset();
    const response = await start(restStart('85746065432', `${exact} `), context());
    expect(parseBody(response).error.message).toBe('body: is 10241 bytes, larger than the 10240 allowed');
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it.each([
    ['a negative number', -85746065432],
    ['an unsafe JSON number', 12345678901234567890],
  ])('a scheduled payload with %s as meeting id is thrown as INVALID_REQUEST', async (_, meetingId) => {
    await expect(start({ meetingId }, context())).rejects.toMatchObject({
      name: 'INVALID_REQUEST',
      message: expect.stringMatching(/^meetingId: /),
    });
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('an EventBridge detail with an unsafe JSON number is thrown as INVALID_REQUEST naming detail.meetingId', async () => {
    const event = loadEvent('start-eventbridge.json');
    event.detail.meetingId = 2 ** 53 + 1;
    await expect(start(event, context())).rejects.toMatchObject({ name: 'INVALID_REQUEST', message: expect.stringMatching(/^detail\.meetingId: /) });
    expect(backends.zoom.requests).toHaveLength(0);
  });
});
