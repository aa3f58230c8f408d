import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { BUNDLE_ALIASES, esbuildOptions } from '../../infra/bundling';

/**
 * The stand-ins the functions' bundles use in place of axios's and form-data's unused parts and of
 * the SDK's credential chain: bundled as the stack bundles, the paths the functions take still work,
 * and a path they never take fails loudly instead of quietly.
 */
const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(ROOT, 'node_modules', '.bundle-stubs-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBundled(source: string): { status: number | null; stdout: string; stderr: string } {
  const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(entry, source);
  const outfile = entry.replace(/\.ts$/, '.mjs');
  buildSync(esbuildOptions(entry, outfile));
  return spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDSTUB', AWS_SECRET_ACCESS_KEY: 'stub', AWS_REGION: 'us-east-1' } });
}

it('replaces every aliased package in the bundle', () => {
  expect(Object.keys(BUNDLE_ALIASES).sort()).toEqual(
    ['@aws-sdk/credential-provider-node', '@aws-sdk/endpoint-cache', '@smithy/core/event-streams', 'es-set-tostringtag', 'follow-redirects', 'http', 'http2', 'https-proxy-agent', 'mime-types', 'node:http', 'proxy-from-env'].sort(),
  );
});

it('still encodes a multipart body as the Zoom client sends it', () => {
  const result = runBundled(`
    import FormData from 'form-data';
    const form = new FormData();
    form.append('action', 'start');
    form.append('settings', JSON.stringify({ display_name: 'All hands' }));
    const body = form.getBuffer().toString('utf8');
    console.log(JSON.stringify({ tag: Object.prototype.toString.call(form), type: form.getHeaders()['content-type'].split(';')[0], ok: body.includes('name="settings"') && body.includes('All hands') }));
  `);

  expect(JSON.parse(result.stdout)).toEqual({ tag: '[object FormData]', type: 'multipart/form-data', ok: true });
});

it('sends over http with redirects off, and refuses loudly to follow one', () => {
  const result = runBundled(`
    import http from 'node:http';
    import axios from 'axios';
    const server = http.createServer((req, res) => { res.writeHead(req.url === '/moved' ? 302 : 200, { location: '/' }); res.end('ok'); });
    server.listen(0, '127.0.0.1', async () => {
      const base = 'http://127.0.0.1:' + server.address().port;
      const plain = await axios.create({ maxRedirects: 0, proxy: false, validateStatus: () => true }).get(base + '/moved');
      let following = 'no error';
      try { await axios.create({ maxRedirects: 5, proxy: false }).get(base + '/moved'); } catch (error) { following = String(error.message); }
      console.log(JSON.stringify({ status: plain.status, following }));
      server.close();
    });
  `);

  expect(JSON.parse(result.stdout)).toEqual({ status: 302, following: expect.stringContaining('follow-redirects is not bundled') });
});

it('takes AWS credentials from the environment, as Lambda gives them', () => {
  const result = runBundled(`
    import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
    const client = new SecretsManagerClient({});
    client.config.credentials().then((c) => console.log(JSON.stringify({ accessKeyId: c.accessKeyId })));
  `);

  expect(JSON.parse(result.stdout)).toEqual({ accessKeyId: 'AKIDSTUB' });
});

// A DynamoDB call as Lambda makes it (no custom endpoint), answered by a request handler in the same
// process instead of AWS.
it('calls DynamoDB with an always-empty endpoint cache, which refuses loudly to store one', () => {
  const result = runBundled(`
    import { Readable } from 'node:stream';
    import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_ENDPOINT_URL')) delete process.env[name];
    const answered = [];
    const requestHandler = {
      handle: async (request) => {
        answered.push(request.hostname);
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{}')]) } };
      },
    };
    const client = new DynamoDBClient({ requestHandler });
    client.send(new GetItemCommand({ TableName: 'meetings', Key: { pk: { S: 'm' } } })).then((out) => {
      let storing = 'stored';
      try { client.config.endpointCache.set('key', [{ Address: 'elsewhere', CachePeriodInMinutes: 1 }]); } catch (error) { storing = String(error.message); }
      console.log(JSON.stringify({ answered, item: out.Item ?? null, cached: client.config.endpointCache.getEndpoint('key') ?? null, storing }));
    });
  `);

  expect(JSON.parse(result.stdout)).toEqual({
    answered: ['dynamodb.us-east-1.amazonaws.com'],
    item: null,
    cached: null,
    storing: expect.stringContaining('@aws-sdk/endpoint-cache is not bundled'),
  });
});

it('refuses loudly to stream events without the event-stream codec', () => {
  const result = runBundled(`
    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
    // The protocol a client sends with loads the codec the first time an operation streams events.
    const protocol = new DynamoDBClient({}).config.protocol;
    protocol.setSerdeContext({});
    protocol.loadEventStreamCapability().then(
      () => console.log(JSON.stringify({ loaded: true })),
      (error) => console.log(JSON.stringify({ refused: String(error.message) })),
    );
  `);

  expect(JSON.parse(result.stdout)).toEqual({ refused: expect.stringContaining('@smithy/core/event-streams is not bundled') });
});

it('loads http2 only when it is used', () => {
  const result = runBundled(`
    import http2 from 'http2';
    console.log(JSON.stringify({ constant: http2.constants.HTTP2_HEADER_STATUS }));
  `);

  expect(JSON.parse(result.stdout)).toEqual({ constant: ':status' });
});

it('bundles a function without the packages the stand-ins replace', () => {
  const result = buildSync({ ...esbuildOptions(path.join(ROOT, 'functions/stop.ts'), path.join(dir, 'stop.mjs')), metafile: true, write: false });
  const inputs = Object.keys(result.metafile?.inputs ?? {});

  for (const name of ['mime-db', 'follow-redirects/', 'https-proxy-agent/', '@aws-sdk/credential-provider-sso', 'get-intrinsic', 'mnemonist/', '@smithy/core/dist-es/submodules/event-streams/']) {
    expect(inputs.filter((input) => input.includes(`node_modules/${name}`))).toEqual([]);
  }
});
