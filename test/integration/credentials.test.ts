import { handler as exportedStart } from '../../functions/start';
import { createSecret } from '../support/moto';
import { SIMULATOR_CREDENTIALS } from '../zoom-simulator';
import { MEETING_ID, context, freshHandler, loadEvent, parseBody, startBackends, withLog, configurationAnswer, type Backends, liveStreamHandler } from '../helpers/backends';

let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

const startEvent = () => loadEvent('start-apigateway-rest.json');
const stopEvent = () => loadEvent('stop-apigateway-rest.json');

describe('Server-to-Server OAuth', () => {
  it('exchanges the credentials for a token with Basic auth and account_credentials', async () => {
    const { handler } = freshHandler('start', backends.env);
    const response = await handler(startEvent(), context());

    expect(response).toMatchObject({ statusCode: 200 });
    const [exchange] = backends.zoom.tokenRequests;
    expect(exchange).toMatchObject({
      method: 'POST',
      authScheme: 'Basic',
      authorized: true,
      query: { grant_type: 'account_credentials', account_id: SIMULATOR_CREDENTIALS.accountId },
    });
  });

  it('reads the secret once and exchanges one token across invocations of a container', async () => {
    const { handler, counts } = freshHandler('stop', backends.env);
    for (let i = 0; i < 5; i += 1) await handler(stopEvent(), context());

    expect(backends.zoom.apiRequests).toHaveLength(5);
    expect(backends.zoom.tokenExchanges).toBe(1);
    expect(counts.secretReads).toBe(1);
    expect(counts.tokenExchanges).toBe(1);
  });

  it('gets a new token and retries once when Zoom revokes the token (401, code 124)', async () => {
    const { handler, counts } = freshHandler('stop', backends.env);
    await handler(stopEvent(), context());
    backends.zoom.revokeTokens();

    const response = await handler(stopEvent(), context());

    expect(response).toMatchObject({ statusCode: 200 });
    expect(backends.zoom.apiRequests.map((r) => r.status)).toEqual([204, 401, 204]);
    expect(backends.zoom.tokenExchanges).toBe(2);
    expect(counts.secretReads).toBe(2);
  });

  it('answers CONFIGURATION_ERROR when Zoom refuses the client credentials', async () => {
    const name = 'zoom-livestream/wrong-client';
    await createSecret(backends.moto.endpoint, name, JSON.stringify({ ...SIMULATOR_CREDENTIALS, clientSecret: 'not-the-right-one' }));
    const { handler } = freshHandler('start', { ...backends.env, ZOOM_SECRET_ID: name });

    const response = await handler(startEvent(), context());

    expect(response).toMatchObject({ statusCode: 500 });
    expect(parseBody(response).error.code).toBe('CONFIGURATION_ERROR');
    expect(parseBody(response).error.message).toMatch(/Zoom OAuth refused the Server-to-Server credentials \(HTTP 400, invalid_client/);
    expect(JSON.stringify(response)).not.toContain('not-the-right-one');
    expect(backends.zoom.apiRequests).toHaveLength(0);
  });
});

describe('a pre-issued access token', () => {
  it('is used as it is, with no exchange', async () => {
    const name = 'zoom-livestream/static-token';
    await createSecret(backends.moto.endpoint, name, JSON.stringify({ access_token: backends.zoom.issueStaticToken() }));
    const { handler } = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: name });

    await expect(handler(stopEvent(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(backends.zoom.tokenExchanges).toBe(0);
  });

  it('is re-read from the secret when Zoom refuses it, so a rotated token works without a redeploy', async () => {
    const name = 'zoom-livestream/rotated-token';
    await createSecret(backends.moto.endpoint, name, JSON.stringify({ accessToken: backends.zoom.issueStaticToken() }));
    const { handler, counts } = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: name });
    await handler(stopEvent(), context());
    backends.zoom.revokeTokens();
    const { putSecret } = await import('../support/moto');
    await putSecret(backends.moto.endpoint, name, JSON.stringify({ accessToken: backends.zoom.issueStaticToken() }));

    await expect(handler(stopEvent(), context())).resolves.toMatchObject({ statusCode: 200 });
    expect(counts.secretReads).toBe(2);
  });

  it('answers CONFIGURATION_ERROR when the token is refused twice', async () => {
    const name = 'zoom-livestream/dead-token';
    await createSecret(backends.moto.endpoint, name, JSON.stringify({ accessToken: 'a-token-zoom-never-issued' }));
    const { handler } = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: name });

    const response = await handler(stopEvent(), context());

    expect(parseBody(response).error).toMatchObject({ code: 'CONFIGURATION_ERROR', zoomCode: 124 });
    expect(backends.zoom.apiRequests).toHaveLength(2);
    expect(JSON.stringify(response)).not.toContain('a-token-zoom-never-issued');
  });
});

describe('an unusable secret', () => {
  it.each([
    ['missing', undefined, /^reading secret "zoom-livestream\/missing" failed: it does not exist \(or has no current value\); check ZOOM_SECRET_ID$/],
    ['not-json', 'accountId=abc', /secret "zoom-livestream\/not-json" is not JSON/],
    [
      'no-credentials',
      JSON.stringify({ accountId: 'abc', clientId: 'secret-client-id-value' }),
      /secret "zoom-livestream\/no-credentials" has no usable Zoom credentials: missing clientSecret \(Server-to-Server OAuth\) or accessToken/,
    ],
  ])('(%s) answers 500 CONFIGURATION_ERROR with the request id, logging the secret and what is missing', async (suffix, value, message) => {
    const name = `zoom-livestream/${suffix}`;
    if (value !== undefined) await createSecret(backends.moto.endpoint, name, value);
    const { handler } = freshHandler('start', { ...backends.env, ZOOM_SECRET_ID: name });

    const { result: response, log, errorMessages } = await withLog(() => handler(startEvent(), context()));

    expect(response).toMatchObject({ statusCode: 500, headers: { 'content-type': 'application/json' } });
    expect(parseBody(response).error).toEqual(configurationAnswer());
    expect(errorMessages).toContainEqual(expect.stringMatching(message));
    expect(log).toContain(parseBody(response).error.requestId);
    expect(JSON.stringify(response)).not.toContain(name);
    expect(JSON.stringify(response)).not.toContain('secret-client-id-value');
    expect(backends.zoom.requests).toHaveLength(0);
  });

  it('is thrown as CONFIGURATION_ERROR on the asynchronous path', async () => {
    const { handler } = freshHandler('start', { ...backends.env, ZOOM_SECRET_ID: 'zoom-livestream/absent' });
    await expect(handler(loadEvent('start-scheduler.json'), context())).rejects.toMatchObject({
      name: 'CONFIGURATION_ERROR',
      message: expect.stringContaining('zoom-livestream/absent'),
    });
  });
});

describe('the environment', () => {
  it('answers CONFIGURATION_ERROR, logging that ZOOM_SECRET_ID is not set', async () => {
    const handler = liveStreamHandler('start', { ZOOM_API_BASE_URL: backends.env.ZOOM_API_BASE_URL });
    const { result: response, log } = await withLog(() => handler(startEvent(), context()));
    expect(parseBody(response).error).toEqual(configurationAnswer());
    expect(log).toMatch(/"errorMessage":"ZOOM_SECRET_ID is not set/);
  });

  it('is read by the exported handler from process.env', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, backends.env);
    try {
      const response = await exportedStart(startEvent(), context());
      expect(response).toMatchObject({ statusCode: 200 });
      expect(backends.zoom.meetingState(MEETING_ID)?.status).toBe('started');
    } finally {
      for (const key of Object.keys(backends.env)) if (!(key in saved)) delete process.env[key];
    }
  });
});
