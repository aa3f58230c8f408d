import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { lazy, startWorkerDeps } from '../../functions/lib/handlers/composition-root';
import { context, freshHandler, freshServices, loadEvent, parseBody, startBackends, type Backends } from '../helpers/backends';

/**
 * The event adapters accept exactly the accepted inputs: anything else is 400 INVALID_REQUEST (or,
 * off HTTP, a thrown INVALID_REQUEST), never a 500, and nothing reaches Zoom.
 */
let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

const MEETING = '85746065432';
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

function restEvent(change: { body?: string | null; isBase64Encoded?: boolean; path?: string; httpMethod?: string } = {}) {
  const event = loadEvent('start-apigateway-rest.json');
  Object.assign(event, change);
  return event;
}

function httpApiEvent(change: { body?: string; isBase64Encoded?: boolean; rawPath?: string; method?: string } = {}) {
  const event = loadEvent('start-apigateway-http.json');
  if (change.body !== undefined) event.body = change.body;
  if (change.isBase64Encoded !== undefined) event.isBase64Encoded = change.isBase64Encoded;
  if (change.rawPath !== undefined) event.rawPath = change.rawPath;
  if (change.method !== undefined) event.requestContext.http.method = change.method;
  return event;
}

async function expectRefused(event: unknown) {
  const response = await freshHandler('start', backends.env).handler(event, context());
  expect(response).toMatchObject({ statusCode: 400 });
  expect(parseBody(response).error.code).toBe('INVALID_REQUEST');
  expect(backends.zoom.requests).toHaveLength(0);
}

describe('a body that is not a JSON object', () => {
  it.each([
    ['JSON with single quotes', "{'settings': {}}"],
    ['JSON followed by more text', '{"settings": {}} {}'],
    ['NaN', 'NaN'],
    ['null', 'null'],
    ['a JSON string', '"settings"'],
    ['an object with a __proto__ key', '{"__proto__": {"settings": {}}}'],
    ['settings with a __proto__ key', '{"settings": {"__proto__": {"layout": "gallery_view"}}}'],
    ['a NUL byte after the JSON', '{"settings": {}}\u0000'],
  ])('%s is 400', async (_, body) => {
    await expectRefused(restEvent({ body }));
  });
});

describe('a body marked base64-encoded', () => {
  it.each([
    ['with a character outside base64', 'e30*'],
    ['without its padding', 'e30'],
    ['with padding in the middle', 'e3=0'],
    ['in the URL-safe alphabet', base64('{"settings":{"display_name":"??>"}}').replace(/\+/g, '-').replace(/\//g, '_')],
    ['with a line break', `${base64('{"settings":{}}')}\n`],
  ])('%s is 400', async (_, body) => {
    await expectRefused(restEvent({ body, isBase64Encoded: true }));
  });

  it('that decodes to bytes that are not UTF-8 is 400', async () => {
    await expectRefused(restEvent({ body: base64(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), isBase64Encoded: true }));
  });

  it('that is not UTF-8 on the HTTP API (payload 2.0) too is 400', async () => {
    await expectRefused(httpApiEvent({ body: base64(Buffer.from([0xc3, 0x28])), isBase64Encoded: true }));
  });
});

it('a body holding text with no UTF-8 form (a lone surrogate) is 400, not passed on to Zoom', async () => {
  await expectRefused(restEvent({ body: `{"settings":{"display_name":"All hands \uD800"}}` }));
});

describe('a path outside the route table', () => {
  it.each([
    [`/meetings/${MEETING}/livestream/restart`],
    [`/meetings/${MEETING}/livestream/start/now`],
    [`/meetings/${MEETING}/livestream`],
    [`/meetings/${MEETING}/livestream/stop`],
    ['/'],
  ])('%s is 400', async (path) => {
    await expectRefused(restEvent({ path }));
  });

  it('on the HTTP API (payload 2.0) is 400', async () => {
    await expectRefused(httpApiEvent({ rawPath: `/meetings/${MEETING}/live/start` }));
  });
});

describe('a method that is not the route’s', () => {
  it.each([['GET'], ['PUT'], ['DELETE'], ['PATCH'], ['HEAD']])('%s is 400', async (httpMethod) => {
    await expectRefused(restEvent({ httpMethod }));
  });

  it('on the HTTP API (payload 2.0) is 400', async () => {
    await expectRefused(httpApiEvent({ method: 'GET' }));
  });
});

describe('off HTTP', () => {
  it.each([
    ['a start window of -1 minutes', { meetingId: MEETING, startWindowMinutes: -1 }],
    ['a start window of 121 minutes', { meetingId: MEETING, startWindowMinutes: 121 }],
    ['a start window of 1.5 minutes', { meetingId: MEETING, startWindowMinutes: 1.5 }],
    ['a start window given as text', { meetingId: MEETING, startWindowMinutes: '15' }],
    ['an unknown key', { meetingId: MEETING, colour: 'red' }],
    ['an array', [MEETING]],
  ])('a direct invoke with %s throws INVALID_REQUEST', async (_, payload) => {
    await expect(freshHandler('start', backends.env).handler(payload, context())).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('the start worker refuses an event that is not from SQS', async () => {
    const worker = createStartWorkerHandler(lazy(() => startWorkerDeps(backends.env, freshServices())));

    await expect(worker({ meetingId: MEETING }, context())).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
    expect(backends.zoom.requests).toHaveLength(0);
  });
});
