import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  createSecret,
  motoAwsEnv,
  type MotoServer,
  putSecret,
  readSecret,
  resetMoto,
  secretsClient,
  startMoto,
} from '../support/moto';

describe('moto harness', () => {
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto?.stop());

  it('serves Secrets Manager on a loopback port: a created secret reads back through the SDK', async () => {
    const value = JSON.stringify({ accountId: 'a', clientId: 'c', clientSecret: 's' });

    const arn = await createSecret(moto.endpoint, 'zoom/credentials', value);

    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:zoom\/credentials-/);
    expect(await readSecret(moto.endpoint, 'zoom/credentials')).toBe(value);
    expect(await readSecret(moto.endpoint, arn)).toBe(value);
  });

  it('replaces a secret value, creating the secret when missing', async () => {
    await putSecret(moto.endpoint, 'put/new', 'first');
    await putSecret(moto.endpoint, 'put/new', 'second');

    expect(await readSecret(moto.endpoint, 'put/new')).toBe('second');
  });

  it('resets moto to empty', async () => {
    await createSecret(moto.endpoint, 'to-be-reset', 'x');

    await resetMoto(moto.endpoint);

    const client = secretsClient(moto.endpoint);
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'to-be-reset' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    client.destroy();
  });

  it('gives the environment a handler needs to reach it', () => {
    expect(motoAwsEnv(moto.endpoint)).toEqual({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
  });

  it('stops the server process', async () => {
    const other = await startMoto();

    await other.stop();

    await expect(fetch(`${other.endpoint}/moto-api/data.json`)).rejects.toThrow();
  });
});
