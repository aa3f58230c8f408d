import { logger } from '../../functions/lib/core/logger';
import { createSecret } from '../support/moto';
import { SIMULATOR_CREDENTIALS } from '../zoom-simulator';
import { FakeClock } from '../helpers/fake-clock';
import { captureOutput, context, freshHandler, loadEvent, startBackends, type Backends } from '../helpers/backends';

/**
 * Runs successes and every kind of failure with logging on, then checks what an operator would see:
 * one structured line per request, and no credential or token anywhere in it.
 */
let backends: Backends;
let output: ReturnType<typeof captureOutput>;
const issuedTokens: string[] = [];
let echoResponse = '';
let scopeResponse = '';

beforeAll(async () => {
  backends = await startBackends();
  logger.setLogLevel('DEBUG');
  output = captureOutput();

  const clock = new FakeClock();
  const { handler, runtime } = freshHandler('start', backends.env, { clock });
  const get = runtime.tokens.get.bind(runtime.tokens);
  jest.spyOn(runtime.tokens, 'get').mockImplementation(async (timeoutMs) => {
    const token = await get(timeoutMs);
    issuedTokens.push(token);
    return token;
  });
  const rest = loadEvent('start-apigateway-rest.json');
  await handler(rest, context());
  backends.zoom.reset();
  backends.zoom.revokeTokens();
  backends.zoom.injectFaults({ type: 'status', status: 503 }, { type: 'drop' });
  await handler(loadEvent('start-scheduler.json'), context());
  await handler({ ...rest, pathParameters: { meetingId: 'abc' } }, context());

  const staticToken = backends.zoom.issueStaticToken();
  issuedTokens.push(staticToken);
  await createSecret(backends.moto.endpoint, 'zoom-livestream/log-token', JSON.stringify({ accessToken: staticToken }));
  backends.zoom.revokeTokens();
  const tokenHandler = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: 'zoom-livestream/log-token' }).handler;
  await tokenHandler(loadEvent('stop-apigateway-rest.json'), context());

  // Zoom echoing the token back in an error message: it must not reach the log or the caller.
  const echoed = backends.zoom.issueStaticToken();
  issuedTokens.push(echoed);
  await createSecret(backends.moto.endpoint, 'zoom-livestream/log-echo', JSON.stringify({ accessToken: echoed }));
  const echoHandler = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: 'zoom-livestream/log-echo' }).handler;
  // A missing scope (4711) names the scope Zoom lists, and nothing else of its message.
  backends.zoom.injectFaults({
    type: 'status',
    status: 400,
    body: { code: 4711, message: `Invalid access token, does not contain scopes:[meeting:update:live_stream_status:admin] (token ${echoed})` },
  });
  scopeResponse = JSON.stringify(await echoHandler(loadEvent('stop-apigateway-rest.json'), context()));
  // A refusal quotes Zoom's message: the token in it must be scrubbed.
  backends.zoom.injectFaults({ type: 'status', status: 400, body: { code: 1010, message: `User does not belong to this account: ${echoed}` } });
  echoResponse = JSON.stringify(await echoHandler(loadEvent('stop-apigateway-rest.json'), context()));

  await createSecret(backends.moto.endpoint, 'zoom-livestream/log-bad-client', JSON.stringify({ ...SIMULATOR_CREDENTIALS, clientSecret: 'wrong-secret-for-the-log-test' }));
  const badClient = freshHandler('stop', { ...backends.env, ZOOM_SECRET_ID: 'zoom-livestream/log-bad-client' }).handler;
  await badClient(loadEvent('stop-apigateway-rest.json'), context());
});

afterAll(async () => {
  output.restore();
  logger.setLogLevel('SILENT');
  await backends.close();
});

const requestLines = () => output.json().filter((line) => line.message === 'live stream request');

it('writes one structured line per request with what an operator needs', () => {
  const lines = requestLines();
  expect(lines.map((line) => line.outcome)).toEqual([
    'ok',
    'ok',
    'INVALID_REQUEST',
    'CONFIGURATION_ERROR',
    'CONFIGURATION_ERROR',
    'ZOOM_REJECTED',
    'CONFIGURATION_ERROR',
  ]);
  expect(lines[1]).toMatchObject({
    level: 'INFO',
    meetingId: '85746065432',
    action: 'start',
    source: 'direct',
    zoomStatus: 204,
    zoomTrackingId: expect.stringMatching(/^v=2\.0;/),
    attempts: 4,
    durationMs: expect.any(Number),
  });
  expect(lines[3]).toMatchObject({ level: 'ERROR', zoomStatus: 401, zoomCode: 124, errorMessage: expect.any(String) });
});

it('logs each retry at DEBUG with its reason and wait', () => {
  const retries = output.json().filter((line) => line.message === 'retrying');
  expect(retries.map((line) => line.reason)).toEqual(['ZOOM_UNAVAILABLE', 'ZOOM_UNAVAILABLE']);
  for (const line of retries) expect(line).toMatchObject({ level: 'DEBUG', attempt: expect.any(Number), waitMs: expect.any(Number) });
});

it('never writes a client secret, a token or an Authorization header', () => {
  const all = output.lines.join('\n');
  const basic = Buffer.from(`${SIMULATOR_CREDENTIALS.clientId}:${SIMULATOR_CREDENTIALS.clientSecret}`).toString('base64');
  expect(issuedTokens.length).toBeGreaterThanOrEqual(3);
  for (const secret of [SIMULATOR_CREDENTIALS.clientSecret, 'wrong-secret-for-the-log-test', basic, ...issuedTokens]) {
    expect(all).not.toContain(secret);
  }
  expect(all).not.toMatch(/Bearer |Basic /);
});

it('scrubs a token Zoom echoes back, from the log line and from the answer', () => {
  const rejected = requestLines().find((line) => line.outcome === 'ZOOM_REJECTED');
  expect(rejected?.errorMessage).toBe('Zoom refused the request (HTTP 400, code 1010: User does not belong to this account: [REDACTED])');
  expect(echoResponse).toContain('User does not belong to this account: [REDACTED]');
  expect(echoResponse).not.toContain(issuedTokens.at(-1));
});

it('names only the missing scope when Zoom refuses the token for lack of one', () => {
  const missing = requestLines()[4];
  expect(missing).toMatchObject({
    level: 'ERROR',
    zoomCode: 4711,
    errorMessage:
      'the Zoom app lacks the scope meeting:update:live_stream_status:admin (Zoom code 4711): add it to the Server-to-Server app in the Zoom App Marketplace',
  });
  expect(JSON.parse(scopeResponse)).toMatchObject({ statusCode: 500 });
  expect(scopeResponse).toContain('meeting:update:live_stream_status:admin');
  expect(scopeResponse).not.toContain(issuedTokens.at(-1));
});
