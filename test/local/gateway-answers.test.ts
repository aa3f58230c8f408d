import type { APIGatewayProxyEvent } from 'aws-lambda';
import { startLocalApi, type LocalApi, type LocalHandler } from '../../local/local-api';

/** What the local API Gateway itself answers, whatever the function does (the functions are stand-ins here). */
let api: LocalApi;
let behaviour: LocalHandler;
let seen: APIGatewayProxyEvent | undefined;

beforeAll(async () => {
  const handler: LocalHandler = async (event, context) => {
    seen = event as APIGatewayProxyEvent;
    return behaviour(event, context);
  };
  api = await startLocalApi({ handlers: { start: handler, stop: handler, meetings: handler, webhook: handler, operator: handler, console: handler }, apiKey: 'k', port: 0, integrationTimeoutMs: 300 });
});
afterAll(() => api.close());

const call = (body?: string) =>
  fetch(`${api.url}/meetings/85746065432/livestream/start`, {
    method: 'POST',
    headers: { 'X-Api-Key': 'k', 'Content-Type': 'application/json', 'X-Custom-Header': 'Kept' },
    body,
  });

it('hands the function a REST payload 1.0 event with header case kept and the body as text', async () => {
  behaviour = async () => ({ statusCode: 200, body: '{}' });
  await call('{"settings":{"display_name":"Grüße"}}');
  expect(seen).toMatchObject({
    resource: '/meetings/{meetingId}/livestream/start',
    path: '/meetings/85746065432/livestream/start',
    httpMethod: 'POST',
    pathParameters: { meetingId: '85746065432' },
    headers: { 'X-Custom-Header': 'Kept', 'Content-Type': 'application/json' },
    body: '{"settings":{"display_name":"Grüße"}}',
    isBase64Encoded: false,
    requestContext: { identity: { apiKey: 'k' }, resourcePath: '/meetings/{meetingId}/livestream/start' },
  });
});

it('answers 504 when the function takes longer than the integration timeout', async () => {
  behaviour = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '{}' }), 1000));
  const response = await call();
  expect(response.status).toBe(504);
  expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
});

it('answers 502 when the function throws', async () => {
  behaviour = async () => {
    throw new Error('boom');
  };
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const response = await call();
  logged.mockRestore();
  expect(response.status).toBe(502);
  expect(await response.json()).toEqual({ message: 'Internal server error' });
});

it('answers 502 when the function returns something that is not a proxy response', async () => {
  behaviour = async () => ({ meetingId: '85746065432', status: 'ok' });
  const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const response = await call();
  logged.mockRestore();
  expect(response.status).toBe(502);
});

it('lets a request to the Zoom webhook through without an API key, and no other', async () => {
  behaviour = async () => ({ statusCode: 200, body: '{}' });
  const webhook = await fetch(`${api.url}/webhooks/zoom`, { method: 'POST', body: '{}' });
  const start = await fetch(`${api.url}/meetings/85746065432/livestream/start`, { method: 'POST' });

  expect(webhook.status).toBe(200);
  expect(start.status).toBe(403);
});

it('answers 403 Missing Authentication Token for a route with another method', async () => {
  const response = await fetch(`${api.url}/webhooks/zoom`, { method: 'GET', headers: { 'X-Api-Key': 'k' } });

  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
});
