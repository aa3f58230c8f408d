import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkEmulator, isMotoAnswering } from '../../local/deploy/emulator-health';
import { localAwsEndpoint } from '../../local/deploy/local-aws';
import { ensureMoto, type LocalMoto } from '../../local/deploy/local-moto';
import { freeLoopbackPort } from '../support/free-port';
import { secretsClient, startMoto } from '../support/moto';

/**
 * ensureMoto against real processes: the moto it starts must not see the user's AWS setup, and a port
 * where something answers that is not a healthy moto is refused with a message saying how to free it.
 */
const started: LocalMoto[] = [];
let awsHome: string;

beforeAll(() => {
  // A user's AWS setup: a profile the config file names, which moto's botocore cannot resolve.
  awsHome = mkdtempSync(path.join(tmpdir(), 'zoom-user-aws-'));
  writeFileSync(path.join(awsHome, 'config'), '[profile work]\nsso_session = corp\nregion = eu-west-1\n');
});

afterEach(async () => {
  for (const moto of started.splice(0)) {
    await moto.stop?.();
    if (moto.logFile) rmSync(moto.logFile, { force: true });
  }
});

afterAll(() => rmSync(awsHome, { recursive: true, force: true }));

async function ensure(options: Parameters<typeof ensureMoto>[0]): Promise<LocalMoto> {
  const moto = await ensureMoto(options);
  started.push(moto);
  return moto;
}

const userAwsEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_PROFILE: 'no-such-profile',
  AWS_CONFIG_FILE: path.join(awsHome, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(awsHome, 'credentials'),
  AWS_ACCESS_KEY_ID: 'AKIAREALKEY',
  AWS_SESSION_TOKEN: 'real-session',
  CDK_DEFAULT_ACCOUNT: '111122223333',
});

describe('ensureMoto', () => {
  it('starts moto_server on a free port, left running, and reuses it on the next call', async () => {
    const port = await freeLoopbackPort();
    const first = await ensure({ port });

    const again = await ensureMoto({ port });

    expect(first.startedPid).toEqual(expect.any(Number));
    expect(await isMotoAnswering(first.endpoint)).toBe(true);
    expect(again).toEqual({ endpoint: first.endpoint });
  }, 60_000);

  it("starts moto without the user's AWS profile, keys or CDK variables, so its services answer", async () => {
    const moto = await ensure({ port: await freeLoopbackPort(), env: userAwsEnv() });

    const client = secretsClient(moto.endpoint);
    try {
      await expect(client.send(new ListSecretsCommand({}))).resolves.toMatchObject({ SecretList: [] });
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('stops the moto it started when asked, freeing the port', async () => {
    const moto = await ensure({ port: await freeLoopbackPort() });

    await moto.stop?.();

    expect(await checkEmulator(moto.endpoint)).toEqual({ state: 'free' });
  }, 60_000);

  it('refuses a moto that serves its config but answers service calls with HTML 500s', async () => {
    // What a moto started with the user's AWS_PROFILE looks like.
    const broken = await startMoto({ env: userAwsEnv() });
    try {
      const refusal = ensureMoto({ port: broken.port });

      await expect(refusal).rejects.toThrow(
        `port ${broken.port} is taken by something that is not a healthy moto_server (a Secrets Manager call answered HTTP 500 (text/html`,
      );
      await expect(refusal).rejects.toThrow(`lsof -nP -iTCP:${broken.port} -sTCP:LISTEN`);
      await expect(refusal).rejects.toThrow('set LOCAL_AWS_PORT to a free port');
    } finally {
      await broken.stop();
    }
  }, 60_000);

  it('refuses a web server that is not moto, naming what it answered', async () => {
    const server = await listen(
      createHttpServer((_, response) => response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>')),
    );
    try {
      const { port } = server.address() as AddressInfo;

      await expect(ensureMoto({ port })).rejects.toThrow(
        `port ${port} is taken by something that is not a healthy moto_server (GET /moto-api/config answered HTTP 500 (text/html), not moto's configuration)`,
      );
    } finally {
      server.close();
    }
  });

  it('refuses a listener that never answers HTTP instead of starting a moto that cannot bind', async () => {
    const server = await listen(createTcpServer(() => undefined));
    try {
      const { port } = server.address() as AddressInfo;

      await expect(ensureMoto({ port })).rejects.toThrow(
        `port ${port} is taken by something that is not a healthy moto_server (it accepts connections but gives no HTTP answer`,
      );
    } finally {
      server.close();
    }
  });

  it('names the tool-specific way to pick another port', async () => {
    const server = await listen(createHttpServer((_, response) => response.writeHead(404).end()));
    try {
      const { port } = server.address() as AddressInfo;

      await expect(ensureMoto({ port, otherPort: 'edit sam/env-vars.json' })).rejects.toThrow(/or edit sam\/env-vars\.json\.$/);
    } finally {
      server.close();
    }
  });
});

describe('checkEmulator', () => {
  it('reports a port nothing listens on as free', async () => {
    expect(await checkEmulator(localAwsEndpoint(await freeLoopbackPort()))).toEqual({ state: 'free' });
  });
});

function listen<T extends Server | ReturnType<typeof createHttpServer>>(server: T): Promise<T> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
