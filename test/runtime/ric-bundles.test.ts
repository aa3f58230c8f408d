import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { loadEvent } from '../helpers/backends';
import { eventBody, meetingsEvent, restWebhookEvent, startedObject } from '../helpers/zoom-webhook';
import { sqsEvent } from '../deploy/support/sqs-event';
import { dynamoDbClient, startDynalite, type DynaliteServer } from '../support/dynalite';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto, type MotoServer } from '../support/moto';
import { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { ACCOUNT_ID, createLocalAccount, type LocalAccount } from './support/local-account';
import { ricInstallation, startRic, type RicProcess } from './support/ric-process';
import { RuntimeApi, type InvocationOutcome } from './support/runtime-api';
import { synthesizeFunctions, type StackFunction, type SynthesizedFunctions } from './support/stack-bundles';

/**
 * Every function's deployable bundle, built by synthesizing the stack exactly as `cdk synth` does,
 * run the way Lambda runs it: under AWS's own runtime interface client (`aws-lambda-ric`, the
 * component that calls a handler inside Lambda's managed Node.js runtime) on the Node that runs
 * this test, fetching its invocations from a Runtime API on loopback and posting its answers and
 * errors there. Each has the environment the stack gives it, with the secret, queues and
 * schedules on moto, the table on dynalite, and Zoom on the simulator.
 */
const NAMES = Object.keys(FUNCTIONS) as CatalogueName[];
const ROOT = path.resolve(__dirname, '../..');
const EVENTS_DIR = path.join(ROOT, 'events');
const WEBHOOK_SECRET_TOKEN = 'ric-webhook-secret-token';
const QUEUED_MEETING_ID = '85746065401';
const HANDED_OFF_MEETING_ID = '85746065402';
const CORRUPT_MEETING_ID = '85746065403';
const LISTED_MEETING_ID = '85746065404';
/** A meeting the simulator does not know: Zoom answers 404, and the start ends failed. */
const UNKNOWN_MEETING_ID = '85746065499';

let workdir: string;
let moto: MotoServer;
let dynalite: DynaliteServer;
let zoom: ZoomSimulator;
let synthesized: SynthesizedFunctions;
let account: LocalAccount;
/** One warm execution environment per function, started cold in beforeAll. */
const environments = new Map<CatalogueName, { api: RuntimeApi; ric: RicProcess }>();
const started: Array<{ api: RuntimeApi; ric: RicProcess }> = [];

const fnOf = (name: CatalogueName): StackFunction => synthesized.functions[name];

/** An execution environment of `fn`: a Runtime API and the client in a fresh process. */
async function environment(fn: StackFunction, handler = fn.handler): Promise<{ api: RuntimeApi; ric: RicProcess }> {
  const api = await new RuntimeApi().listen();
  const ric = startRic({
    taskRoot: fn.taskRoot,
    handler,
    functionName: fn.logicalId,
    memoryMb: fn.memoryMb,
    env: { ...account.variablesOf(fn), ...account.awsEnv },
    api,
  });
  const env = { api, ric };
  started.push(env);
  return env;
}

beforeAll(async () => {
  const installed = ricInstallation();
  // A devDependency that CI builds: without it the suite fails rather than proving nothing.
  if (!installed.version?.startsWith('4.') || !installed.nativeClientBuilt) {
    throw new Error(
      `aws-lambda-ric 4.x with its native client is required (found ${installed.version ?? 'none'}, native client ${installed.nativeClientBuilt ? 'built' : 'missing'}): run npm ci with Node 22+ on PATH and cmake, make, g++ installed`,
    );
  }
  workdir = mkdtempSync(path.join(tmpdir(), 'ric-bundles-'));
  [moto, dynalite, zoom] = await Promise.all([
    startMoto(),
    startDynalite(),
    startZoomSimulator({ meetings: [SIMULATOR_MEETING_ID, QUEUED_MEETING_ID, HANDED_OFF_MEETING_ID, CORRUPT_MEETING_ID, LISTED_MEETING_ID] }),
  ]);
  // alarmEmail: the stack then has its notification topic, and the start worker FAILURE_TOPIC_ARN.
  synthesized = synthesizeFunctions(path.join(workdir, 'cdk.out'), {
    zoomApiBaseUrl: zoom.apiBaseUrl,
    zoomOauthTokenUrl: zoom.tokenUrl,
    alarmEmail: 'operator@example.com',
  });
  const scheduleGroups = [
    ...new Set(Object.values(synthesized.functions).flatMap((fn) => (typeof fn.variables.SCHEDULE_GROUP === 'string' ? [fn.variables.SCHEDULE_GROUP] : []))),
  ];
  account = await createLocalAccount(synthesized, {
    motoEndpoint: moto.endpoint,
    dynamoDbEndpoint: dynalite.endpoint,
    secrets: {
      // The Zoom credentials without the webhook's token: the webhook reads its own secret only.
      ZOOM_SECRET_ID: JSON.stringify(SIMULATOR_CREDENTIALS),
      ZOOM_WEBHOOK_SECRET_ID: JSON.stringify({ webhookSecretToken: WEBHOOK_SECRET_TOKEN, accountId: SIMULATOR_CREDENTIALS.accountId }),
    },
    scheduleGroups,
  });
  for (const name of NAMES) environments.set(name, await environment(fnOf(name)));
  await Promise.all([...environments.values()].map(({ ric }) => ric.ready));
}, 240_000);

afterAll(async () => {
  await Promise.all(started.map(async ({ api, ric }) => Promise.all([ric.stop(), api.close()])));
  await Promise.all([moto?.stop(), dynalite?.stop(), zoom?.close()]);
  if (workdir) rmSync(workdir, { recursive: true, force: true });
}, 30_000);

beforeEach(() => zoom.reset());

async function invoke(name: CatalogueName, event: unknown): Promise<InvocationOutcome> {
  const fn = fnOf(name);
  const env = environments.get(name);
  if (!env) throw new Error(`no environment for ${name}`);
  return env.api.invoke(event, { timeoutMs: fn.timeoutS * 1000, functionArn: `arn:aws:lambda:${MOTO_REGION}:${ACCOUNT_ID}:function:${fn.logicalId}` });
}

/** The function's answer; fails with what it posted instead when it posted an error. */
function responseOf(outcome: InvocationOutcome): Record<string, unknown> {
  if (outcome.kind !== 'response') throw new Error(`the function posted an error: ${JSON.stringify(outcome)}`);
  return outcome.body as Record<string, unknown>;
}

const bodyOf = (outcome: InvocationOutcome): Record<string, unknown> => JSON.parse(String(responseOf(outcome).body)) as Record<string, unknown>;

function sqsClient(): SQSClient {
  return new SQSClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
}

/** The logical id of the queue a function's `START_QUEUE_URL` names. */
function startQueueId(): string {
  const value = fnOf('startWorker').variables.START_QUEUE_URL as { Ref: string };
  return value.Ref;
}

/** Receives every message on the start queue (and deletes them), with their system attributes. */
async function drainStartQueue(): Promise<Message[]> {
  return drainQueue(account.queueUrl(startQueueId()));
}

/** Receives every message on the queue `QueueUrl` (and deletes them). */
async function drainQueue(QueueUrl: string): Promise<Message[]> {
  const sqs = sqsClient();
  try {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
    for (const message of received.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    return received.Messages ?? [];
  } finally {
    sqs.destroy();
  }
}

/** An API Gateway REST event for `resource` (its `{name}` parameters filled from `path`), as the stage passes it. */
function apiEvent(
  resource: string,
  path: string,
  headers: Record<string, string>,
  query: Record<string, string> | null = null,
  method: 'GET' | 'POST' = 'GET',
): ReturnType<typeof meetingsEvent> {
  const base = meetingsEvent('GET', path);
  const event = { ...base, httpMethod: method, requestContext: { ...base.requestContext, httpMethod: method } };
  const names = [...resource.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const values = new RegExp(`^${resource.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(path)?.slice(1) ?? [];
  return {
    ...event,
    resource,
    pathParameters: names.length > 0 ? Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? '')])) : null,
    queryStringParameters: query,
    headers,
  };
}

const OPERATOR_HEADERS = { accept: 'application/json', 'x-api-key': 'example-api-key' };
const BROWSER_HEADERS = { accept: 'text/html,*/*' };

/** A new queue on moto subscribed (raw delivery) to the local stand-in of the template's topic `topicId`. */
async function subscribedQueue(topicId: string): Promise<string> {
  const sqs = sqsClient();
  const sns = new SNSClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `notices-${Date.now()}` }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(
      new SubscribeCommand({ TopicArn: account.topicArn(topicId), Protocol: 'sqs', Endpoint: attributes.Attributes?.QueueArn, Attributes: { RawMessageDelivery: 'true' } }),
    );
    return QueueUrl as string;
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

const eventFiles = (action: 'start' | 'stop') => readdirSync(EVENTS_DIR).filter((name) => name.startsWith(`${action}-`) && name.endsWith('.json'));

/** Per function, the real-shaped events it answers: a new catalogue entry does not compile until it has some. */
const ANSWERS: Record<CatalogueName, () => void> = {
  start: () => {
    it.each(eventFiles('start'))('starts the stream for events/%s', async (file) => {
      const outcome = await invoke('start', loadEvent(file));

      const answer = file.includes('apigateway') ? bodyOf(outcome) : responseOf(outcome);
      expect(answer).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, action: 'start', status: 'ok' });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('started');
    });
  },
  stop: () => {
    it.each(eventFiles('stop'))('stops the stream for events/%s', async (file) => {
      responseOf(await invoke('start', loadEvent('start-apigateway-rest.json')));

      const outcome = await invoke('stop', loadEvent(file));

      const answer = file.includes('apigateway') ? bodyOf(outcome) : responseOf(outcome);
      expect(answer).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, action: 'stop', status: 'ok' });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('stopped');
    });
  },
  meetings: () => {
    it('registers an auto-start and reads it back with the stream state Zoom reports', async () => {
      const registered = await invoke('meetings', meetingsEvent('PUT', `/meetings/${SIMULATOR_MEETING_ID}/livestream/auto-start`, JSON.stringify({ settings: { display_name: 'Ric' } })));
      const described = await invoke('meetings', meetingsEvent('GET', `/meetings/${SIMULATOR_MEETING_ID}/livestream`));

      expect(responseOf(registered)).toMatchObject({ statusCode: 200 });
      expect(bodyOf(registered)).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, autoStart: { settings: { display_name: 'Ric' } } });
      expect(responseOf(described)).toMatchObject({ statusCode: 200 });
      expect(bodyOf(described)).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, autoStart: expect.objectContaining({ settings: { display_name: 'Ric' } }), zoom: expect.any(Object) });
    });
  },
  webhook: () => {
    it("hands a registered meeting's signed meeting.started to the start queue on moto", async () => {
      responseOf(await invoke('meetings', meetingsEvent('PUT', `/meetings/${HANDED_OFF_MEETING_ID}/livestream/auto-start`, JSON.stringify({ settings: {} }))));

      const outcome = await invoke('webhook', restWebhookEvent(WEBHOOK_SECRET_TOKEN, eventBody('meeting.started', startedObject(HANDED_OFF_MEETING_ID))));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 200 });
      expect(bodyOf(outcome)).toMatchObject({ event: 'meeting.started', result: 'start handed off' });
      const messages = await drainStartQueue();
      expect(messages.map((message) => JSON.parse(message.Body ?? '{}') as Record<string, unknown>)).toEqual([
        expect.objectContaining({ meetingId: HANDED_OFF_MEETING_ID }),
      ]);
      expect(zoom.apiRequests).toEqual([]);
    });

    it('refuses a delivery whose signature does not match, with 401', async () => {
      const outcome = await invoke('webhook', restWebhookEvent('another-token', eventBody('meeting.started', startedObject(HANDED_OFF_MEETING_ID))));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 401 });
      expect(await drainStartQueue()).toEqual([]);
    });
  },
  startWorker: () => {
    it('starts the stream for a scheduled start received from the start queue on moto, reporting no failed record', async () => {
      const sqs = sqsClient();
      const QueueUrl = account.queueUrl(startQueueId());
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ ...loadEvent<Record<string, unknown>>('start-scheduler.json'), meetingId: QUEUED_MEETING_ID }) }));
      sqs.destroy();
      const messages = await drainStartQueue();

      const outcome = await invoke('startWorker', sqsEvent(`arn:aws:sqs:${MOTO_REGION}:${ACCOUNT_ID}:${startQueueId()}`, messages));

      expect(messages).toHaveLength(1);
      expect(responseOf(outcome)).toEqual({ batchItemFailures: [] });
      expect(zoom.meetingState(QUEUED_MEETING_ID)?.status).toBe('started');
    });

    it('answers an event that is not from SQS with its error type on the Runtime API', async () => {
      const outcome = await invoke('startWorker', loadEvent('start-scheduler.json'));

      // The project's errors are named by their code.
      expect(outcome).toMatchObject({ kind: 'error', body: { errorType: 'INVALID_REQUEST', errorMessage: expect.stringContaining('SQS events') } });
    });
  },
  operator: () => {
    it('lists a registration made through the meetings function, by Query on the listing index on dynalite', async () => {
      responseOf(await invoke('meetings', meetingsEvent('PUT', `/meetings/${LISTED_MEETING_ID}/livestream/auto-start`, JSON.stringify({ settings: { display_name: 'Listed' } }))));

      const outcome = await invoke('operator', apiEvent('/livestreams', '/livestreams', OPERATOR_HEADERS, { limit: '100' }));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 200 });
      const answer = bodyOf(outcome) as { items: Array<Record<string, unknown>>; next: unknown };
      expect(answer.items).toContainEqual(expect.objectContaining({ kind: 'meeting', id: LISTED_MEETING_ID, autoStart: { settings: { display_name: 'Listed' } } }));
      expect(answer.next).toBeNull();
      expect(zoom.apiRequests).toEqual([]);
    });

    it('answers GET /failures with a page of the recorded start failures', async () => {
      const outcome = await invoke('operator', apiEvent('/failures', '/failures', OPERATOR_HEADERS));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 200 });
      expect(bodyOf(outcome)).toEqual({ items: expect.any(Array), next: null });
    });

    it("lists a start the worker could not make, whose notice reached the failure topic on moto, and queues the failure's retry", async () => {
      const notices = await subscribedQueue((fnOf('startWorker').variables.FAILURE_TOPIC_ARN as { Ref: string }).Ref);
      const sqs = sqsClient();
      await sqs.send(
        new SendMessageCommand({ QueueUrl: account.queueUrl(startQueueId()), MessageBody: JSON.stringify({ ...loadEvent<Record<string, unknown>>('start-scheduler.json'), meetingId: UNKNOWN_MEETING_ID }) }),
      );
      sqs.destroy();
      responseOf(await invoke('startWorker', sqsEvent(`arn:aws:sqs:${MOTO_REGION}:${ACCOUNT_ID}:${startQueueId()}`, await drainStartQueue())));

      const listed = await invoke('operator', apiEvent('/failures', '/failures', OPERATOR_HEADERS));

      expect(responseOf(listed)).toMatchObject({ statusCode: 200 });
      const failures = (bodyOf(listed) as { items: Array<{ failureId: string; id: string }> }).items.filter((item) => item.id === UNKNOWN_MEETING_ID);
      expect(failures).toEqual([expect.objectContaining({ kind: 'meeting', id: UNKNOWN_MEETING_ID, origin: 'schedule', retried: null })]);
      const published = await drainQueue(notices);
      expect(published).toHaveLength(1);
      expect(published[0]?.Body).toContain(UNKNOWN_MEETING_ID);

      const failureId = failures[0]?.failureId ?? '';
      const retried = await invoke('operator', apiEvent('/failures/{failureId}/retry', `/failures/${encodeURIComponent(failureId)}/retry`, OPERATOR_HEADERS, null, 'POST'));

      expect(responseOf(retried)).toMatchObject({ statusCode: 202 });
      expect(bodyOf(retried)).toEqual({ failureId, status: 'queued' });
      expect((await drainStartQueue()).map((message) => JSON.parse(message.Body ?? '{}') as Record<string, unknown>)).toEqual([
        expect.objectContaining({ meetingId: UNKNOWN_MEETING_ID }),
      ]);
    });

    it('refuses a query parameter the list does not take, with 400', async () => {
      const outcome = await invoke('operator', apiEvent('/livestreams', '/livestreams', OPERATOR_HEADERS, { colour: 'blue' }));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 400 });
      expect(String(responseOf(outcome).body)).toContain('colour');
    });
  },
  console: () => {
    it('serves the page at GET /console as HTML under its content security policy, from the console/ folder in its bundle', async () => {
      const outcome = await invoke('console', apiEvent('/console', '/console', BROWSER_HEADERS));

      const answer = responseOf(outcome) as { statusCode: number; headers: Record<string, string>; body: string };
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
      expect(answer.body).toBe(readFileSync(path.join(ROOT, 'console', 'index.html'), 'utf8'));
    });

    it.each([
      ['app.js', /^text\/javascript/],
      ['app.css', /^text\/css/],
    ])('serves its static file %s with its type', async (asset, type) => {
      const outcome = await invoke('console', apiEvent('/console/{asset}', `/console/${asset}`, BROWSER_HEADERS));

      const answer = responseOf(outcome) as { statusCode: number; headers: Record<string, string>; body: string };
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toMatch(type);
      expect(answer.body).toBe(readFileSync(path.join(ROOT, 'console', asset), 'utf8'));
    });

    it('answers 404 for a file the console does not have', async () => {
      const outcome = await invoke('console', apiEvent('/console/{asset}', '/console/secrets.json', BROWSER_HEADERS));

      expect(responseOf(outcome)).toMatchObject({ statusCode: 404 });
    });
  },
};

describe.each(NAMES)('the %s bundle under aws-lambda-ric', (name) => {
  it('is declared nodejs24.x with the handler index.handler, and initialises without an init error', async () => {
    const fn = fnOf(name);
    const env = environments.get(name);

    expect({ runtime: fn.runtime, handler: fn.handler }).toEqual({ runtime: 'nodejs24.x', handler: 'index.handler' });
    // A function with assets has their folder beside the bundle, holding the repository folder's files.
    const assets = FUNCTIONS[name].assets;
    expect(readdirSync(fn.taskRoot).sort()).toEqual(['index.mjs', 'index.mjs.map', ...(assets ? [assets] : [])].sort());
    if (assets) expect(readdirSync(path.join(fn.taskRoot, assets)).sort()).toEqual(readdirSync(path.join(ROOT, assets)).sort());
    await expect(env?.ric.ready).resolves.toBeUndefined();
    expect(env?.ric.output()).not.toContain('Init Error');
  });

  it('posts Runtime.HandlerNotFound to /init/error for a handler name the bundle does not export, and exits', async () => {
    const { api, ric } = await environment(fnOf(name), 'index.notAHandler');

    const initError = await api.initError();

    expect(initError).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      body: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.notAHandler is undefined or not exported' },
    });
    expect((await ric.exited).code).not.toBe(0);
  });

  ANSWERS[name]();

  it('never writes the Zoom client secret or the webhook secret token to its log', () => {
    const output = environments.get(name)?.ric.output() ?? '';

    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(SIMULATOR_CREDENTIALS.clientSecret);
    expect(output).not.toContain(WEBHOOK_SECRET_TOKEN);
  });
});

describe('an unexpected error under aws-lambda-ric', () => {
  it('reaches the Runtime API with its type, and its logged stack names the TypeScript line that threw', async () => {
    // A registration the store cannot parse (written by hand, not by the functions): a bug's error.
    const dynamo = dynamoDbClient(dynalite.endpoint);
    await dynamo.send(
      new PutItemCommand({
        TableName: account.tableName,
        Item: {
          pk: { S: `meeting#${CORRUPT_MEETING_ID}` },
          autoStart: { S: '{not json' },
          claimJob: { S: 'another-job' },
          claimOrigin: { S: 'schedule' },
          claimState: { S: 'pending' },
          // Claimed by a peer whose clock runs a minute ahead: the claim blocks this start.
          claimAt: { N: String(Date.now() + 60_000) },
          claimLease: { N: String(Date.now() + 600_000) },
        },
      }),
    );
    dynamo.destroy();
    const before = environments.get('start')?.ric.output().length ?? 0;

    const outcome = await invoke('start', { ...loadEvent<Record<string, unknown>>('start-scheduler.json'), meetingId: CORRUPT_MEETING_ID });

    expect(outcome).toMatchObject({ kind: 'error', body: { errorType: 'SyntaxError' } });
    const trace = outcome.kind === 'error' ? (outcome.body.trace ?? []) : [];
    expect(trace[0]).toMatch(/^SyntaxError: /);
    // What Lambda receives points into the bundle; its source map leads to the TypeScript line.
    const bundleFrame = trace.map((line) => /index\.mjs:(\d+):(\d+)/.exec(line)).find((match) => match !== null);
    expect(bundleFrame).toBeDefined();
    const map = new SourceMap(JSON.parse(readFileSync(path.join(fnOf('start').taskRoot, 'index.mjs.map'), 'utf8')));
    const entry = map.findEntry(Number(bundleFrame?.[1]) - 1, Number(bundleFrame?.[2]) - 1) as { originalSource?: string; originalLine?: number };
    expect(entry.originalSource).toMatch(/functions\/lib\/aws\/dynamodb-meeting-store\.ts$/);
    // The function's own log line carries the stack already mapped (functions/lib/core/source-mapped-stack.ts).
    const logged = (environments.get('start')?.ric.output() ?? '').slice(before);
    const frame = /functions\/lib\/aws\/dynamodb-meeting-store\.ts:(\d+):\d+/.exec(logged);
    expect(frame).not.toBeNull();
    const sourceLine = readFileSync(path.join(ROOT, 'functions/lib/aws/dynamodb-meeting-store.ts'), 'utf8').split('\n')[Number(frame?.[1]) - 1];
    expect(sourceLine).toContain('JSON.parse');
    expect(Number(frame?.[1])).toBe((entry.originalLine ?? -1) + 1);
  });
});
