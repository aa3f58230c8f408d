import { createLiveStreamHandler } from '../../functions/lib/handlers/live-stream-handler';
import { lazy, liveStreamDeps, startWorkerDeps } from '../../functions/lib/handlers/composition-root';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { FakeClock } from '../helpers/fake-clock';
import { configurationAnswer, context, freshHandler, loadEvent, parseBody, startBackends, withLog, type Backends } from '../helpers/backends';
import { sqsEvent } from '../helpers/sqs-delivery';
import { startCountingProxy, startRefusingSecretsManager, startSilentServer, withProcessEnv } from '../support/aws-stubs';

/**
 * Every AWS call is bounded by the invocation's budget, also against a server that accepts the
 * connection and never answers; failures no retry can fix are answered at once. The real AWS SDK
 * throughout, against moto_server or a loopback stand-in.
 */
let backends: Backends;
beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

const httpStart = () => {
  const event = loadEvent('start-apigateway-rest.json');
  event.body = null;
  return event;
};

describe('a Secrets Manager that accepts the connection and never answers', () => {
  it('gets an HTTP start answered with an error inside a small budget', async () => {
    const silent = await startSilentServer();
    try {
      const { result: response, log } = await withLog(() =>
        withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: silent.endpoint }, () => freshHandler('start', backends.env).handler(httpStart(), context(1500))),
      );

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toEqual(configurationAnswer());
      expect(log).toMatch(/reading secret .* got no answer within \d+ ms/);
      expect(JSON.stringify(response)).not.toContain(backends.env.ZOOM_SECRET_ID);
      expect(silent.connections()).toBeGreaterThan(0);
      expect(backends.zoom.requests).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });

  it('gets a direct invoke failed with an error inside its budget', async () => {
    const silent = await startSilentServer();
    try {
      const run = withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: silent.endpoint }, () =>
        freshHandler('start', backends.env).handler({ meetingId: '85746065432' }, context(2500)),
      );

      await expect(run).rejects.toMatchObject({ name: 'CONFIGURATION_ERROR', message: expect.stringMatching(/got no answer within \d+ ms/) });
    } finally {
      await silent.close();
    }
  });
});

describe('an SQS that accepts the connection and never answers', () => {
  it('leaves a job that could not be parked to SQS to deliver again, answering inside the budget', async () => {
    const silent = await startSilentServer();
    try {
      const answer = await withProcessEnv({ AWS_ENDPOINT_URL_SQS: silent.endpoint }, async () => {
        const env = { ...backends.env, START_FAILURE_QUEUE_URL: `${silent.endpoint}/123456789012/start-failures` };
        const worker = createStartWorkerHandler(lazy(() => startWorkerDeps(env, { store: new MemoryMeetingStore() })));
        // A meeting Zoom does not know: the job can never succeed and goes to the failure queue.
        const message = { id: 'message-1', body: JSON.stringify({ meetingId: '11122233344' }), sentAt: Date.now(), receiveCount: 1 };
        return worker(sqsEvent([message]), context(3000));
      });

      expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
      expect(silent.connections()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('fails a direct invoke whose hand-off to the start queue hangs, inside its budget', async () => {
    const silent = await startSilentServer();
    backends.zoom.addMeeting('85746065499', { status: 'waiting' });
    try {
      const env = { ...backends.env, START_QUEUE_URL: `${silent.endpoint}/123456789012/start` };
      const run = withProcessEnv({ AWS_ENDPOINT_URL_SQS: silent.endpoint }, () => {
        // 5 s leave no room to wait for the meeting here: the job must go to the start queue.
        return createLiveStreamHandler('start', lazy(() => liveStreamDeps(env, { store: new MemoryMeetingStore() })))({ meetingId: '85746065499' }, context(5000));
      });

      await expect(run).rejects.toMatchObject({ message: expect.stringMatching(/got no answer within \d+ ms/) });
    } finally {
      await silent.close();
    }
  });
});

describe('failures no retry can fix are answered at once', () => {
  it('a secret that does not exist: one read, no backoff', async () => {
    const proxy = await startCountingProxy(backends.moto.endpoint);
    const clock = new FakeClock();
    try {
      const { result: response, log } = await withLog(() =>
        withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint }, () =>
          freshHandler('start', { ...backends.env, ZOOM_SECRET_ID: 'zoom-livestream/no-such-secret' }, { clock }).handler(httpStart(), context()),
        ),
      );

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toEqual(configurationAnswer());
      expect(log).toContain('does not exist');
      expect(JSON.stringify(response)).not.toContain('no-such-secret');
      expect(proxy.targets).toEqual(['secretsmanager.GetSecretValue']);
      expect(clock.sleeps).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('access denied: one read, no backoff, naming the permission', async () => {
    const denying = await startRefusingSecretsManager(
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/start/start is not authorized to perform: secretsmanager:GetSecretValue on resource: zoom-livestream/test because no identity-based policy allows the secretsmanager:GetSecretValue action',
    );
    const clock = new FakeClock();
    try {
      const { result: response, log } = await withLog(() =>
        withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: denying.endpoint }, () => freshHandler('start', backends.env, { clock }).handler(httpStart(), context())),
      );

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toEqual(configurationAnswer());
      expect(log).toContain('secretsmanager:GetSecretValue');
      expect(JSON.stringify(response)).not.toContain('secretsmanager:GetSecretValue');
      expect(denying.targets).toEqual(['secretsmanager.GetSecretValue']);
      expect(clock.sleeps).toEqual([]);
    } finally {
      await denying.close();
    }
  });

  it('no AWS credentials: no read sent, no backoff, saying so', async () => {
    const proxy = await startCountingProxy(backends.moto.endpoint);
    const clock = new FakeClock();
    const noCredentials = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      AWS_ROLE_ARN: undefined,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws/credentials',
      AWS_CONFIG_FILE: '/nonexistent/aws/config',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    try {
      const { result: response, log } = await withLog(() =>
        withProcessEnv(noCredentials, () => freshHandler('start', backends.env, { clock }).handler(httpStart(), context())),
      );

      expect(response).toMatchObject({ statusCode: 500 });
      expect(parseBody(response).error).toEqual(configurationAnswer());
      expect(log).toContain('no AWS credentials');
      expect(proxy.targets).toEqual([]);
      expect(clock.sleeps).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
