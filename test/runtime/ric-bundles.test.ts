import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
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
    startZoomSimulator({ meetings: [SIMULATOR_MEETING_ID, QUEUED_MEETING_ID, HANDED_OFF_MEETING_ID, CORRUPT_MEETING_ID] }),
  ]);
  synthesized = synthesizeFunctions(path.join(workdir, 'cdk.out'), { zoomApiBaseUrl: zoom.apiBaseUrl, zoomOauthTokenUrl: zoom.tokenUrl });
  const scheduleGroups = [
    ...new Set(Object.values(synthesized.functions).flatMap((fn) => (typeof fn.variables.SCHEDULE_GROUP === 'string' ? [fn.variables.SCHEDULE_GROUP] : []))),
  ];
  account = await createLocalAccount(synthesized, {
    motoEndpoint: moto.endpoint,
    dynamoDbEndpoint: dynalite.endpoint,
    secret: JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: WEBHOOK_SECRET_TOKEN }),
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
  const sqs = sqsClient();
  const QueueUrl = account.queueUrl(startQueueId());
  try {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
    for (const message of received.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    return received.Messages ?? [];
  } finally {
    sqs.destroy();
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
};

describe.each(NAMES)('the %s bundle under aws-lambda-ric', (name) => {
  it('is declared nodejs24.x with the handler index.handler, and initialises without an init error', async () => {
    const fn = fnOf(name);
    const env = environments.get(name);

    expect({ runtime: fn.runtime, handler: fn.handler }).toEqual({ runtime: 'nodejs24.x', handler: 'index.handler' });
    expect(readdirSync(fn.taskRoot).sort()).toEqual(['index.mjs', 'index.mjs.map']);
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
