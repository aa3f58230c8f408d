import { startLocalSystem, type LocalSystem } from '../../local/local-system';

/** The operator routes and the console's files as `npm start` serves them: answers and refusals. */
const KEY = 'operator-api-key';
let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem({ PORT: '0', HOST: '127.0.0.1', LOCAL_API_KEY: KEY });
});
afterAll(() => system.close());

const call = async (method: string, path: string, key: string | null = KEY) => {
  const response = await fetch(`${system.api.url}${path}`, { method, headers: key ? { 'x-api-key': key } : {}, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
};

it('lists nothing yet, with a null cursor', async () => {
  const answer = await call('GET', '/livestreams');

  expect([answer.status, answer.json()]).toEqual([200, { items: [], next: null }]);
  expect((await call('GET', '/failures')).json()).toEqual({ items: [], next: null });
});

it.each([
  ['/livestreams?limit=0', 'limit: must be a whole number from 1 to 100'],
  ['/livestreams?limit=101', 'limit: must be a whole number from 1 to 100'],
  ['/livestreams?limit=1e1', 'limit: must be a whole number from 1 to 100'],
  ['/livestreams?state=streaming', 'state: must be one of live, armed, failed, registered'],
  ['/livestreams?next=not-a-cursor', 'next: is not a cursor this API gave'],
  ['/livestreams?sort=asc', 'sort: is not a query parameter of this route'],
  ['/failures?state=live', 'state: is not a query parameter of this route'],
])('refuses GET %s with 400 naming the parameter', async (path, message) => {
  const answer = await call('GET', path);

  expect(answer.status).toBe(400);
  expect(answer.json().error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining(message) });
});

it('answers a retry of an unknown failure with 404 NOT_FOUND', async () => {
  const answer = await call('POST', '/failures/no-such-failure/retry');

  expect([answer.status, answer.json().error.code]).toEqual([404, 'NOT_FOUND']);
});

it('requires the API key on the operator routes', async () => {
  expect((await call('GET', '/livestreams', null)).status).toBe(403);
  expect((await call('GET', '/failures', 'wrong')).status).toBe(403);
  expect((await call('POST', '/failures/x/retry', null)).status).toBe(403);
});

it('serves the console page without a key, under a strict content-security-policy', async () => {
  const page = await call('GET', '/console', null);

  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(page.text).toContain('<script type="module" src="console/app.js"></script>');
  expect(page.text).not.toMatch(/<script>|<script type="module">|\sstyle=|\son[a-z]+=/);
});

it('serves the script and style, and nothing else under /console', async () => {
  const script = await call('GET', '/console/app.js', null);
  const style = await call('GET', '/console/app.css', null);

  expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  expect([style.status, style.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  expect(script.text).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|eval\(/);
  expect((await call('GET', '/console/index.html', null)).status).toBe(404);
  expect((await call('GET', '/console/..%2Fpackage.json', null)).status).toBe(404);
});

it('sends /console/ to /console, so that the page finds its files', async () => {
  const answer = await call('GET', '/console/', null);

  expect([answer.status, answer.headers.get('location')]).toEqual([308, '../console']);
});
