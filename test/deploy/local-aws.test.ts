import { deployLocal, FIXED_CONTEXT_KEYS, parseContextArgs } from '../../local/deploy/deploy-local';
import { isMotoAnswering } from '../../local/deploy/emulator-health';
import { isolatedAwsEnv, localAwsEndpoint, localAwsEnv, localAwsPort } from '../../local/deploy/local-aws';
import { freeLoopbackPort } from '../support/free-port';

describe('localAwsEnv', () => {
  it('drops every AWS_* and CDK_* variable of the caller and sets fake credentials, region and endpoint', () => {
    const env = localAwsEnv('http://localhost:5000', {
      PATH: '/usr/bin',
      AWS_PROFILE: 'production',
      AWS_SESSION_TOKEN: 'real-session',
      AWS_ACCESS_KEY_ID: 'AKIAREAL',
      CDK_DEFAULT_ACCOUNT: '111122223333',
    });

    expect(env).toMatchObject({
      PATH: '/usr/bin',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: 'http://localhost:5000',
    });
    expect(Object.keys(env).filter((key) => ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'CDK_DEFAULT_ACCOUNT'].includes(key))).toEqual([]);
  });
});

describe('isolatedAwsEnv (what moto_server itself runs with)', () => {
  it("replaces the user's profile, keys and config files with fake credentials and files that do not exist", () => {
    const env = isolatedAwsEnv({
      PATH: '/usr/bin',
      AWS_PROFILE: 'production',
      AWS_CONFIG_FILE: '/home/me/.aws/config',
      AWS_SHARED_CREDENTIALS_FILE: '/home/me/.aws/credentials',
      AWS_ENDPOINT_URL: 'https://example.com',
      CDK_DEFAULT_REGION: 'eu-west-1',
    });

    expect(env).toMatchObject({ PATH: '/usr/bin', AWS_ACCESS_KEY_ID: 'testing', AWS_REGION: 'us-east-1' });
    expect(env.AWS_CONFIG_FILE).toMatch(/zoom-livestream-no-aws-config$/);
    expect(env.AWS_SHARED_CREDENTIALS_FILE).toBe(env.AWS_CONFIG_FILE);
    expect(Object.keys(env).filter((key) => ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'CDK_DEFAULT_REGION'].includes(key))).toEqual([]);
  });
});

describe('localAwsPort', () => {
  it('defaults to 5000 and reads LOCAL_AWS_PORT', () => {
    expect(localAwsPort({})).toBe(5000);
    expect(localAwsPort({ LOCAL_AWS_PORT: '5123' })).toBe(5123);
  });

  it('rejects a value that is not a port, naming the variable', () => {
    expect(() => localAwsPort({ LOCAL_AWS_PORT: '50x' })).toThrow('LOCAL_AWS_PORT must be a port number (1-65535), got "50x"');
  });

  it('uses localhost in the endpoint (moto reads a dotted-quad host as a bucket name)', () => {
    expect(localAwsEndpoint(5000)).toBe('http://localhost:5000');
  });
});

describe('deploy:local arguments', () => {
  it('reads -c key=value, --context key=value and --context=key=value', () => {
    expect(parseContextArgs(['-c', 'a=1', '--context', 'b=x=y', '--context=c=3'])).toEqual({ a: '1', b: 'x=y', c: '3' });
  });

  it('rejects anything but context arguments', () => {
    expect(() => parseContextArgs(['--profile', 'prod'])).toThrow('deploy:local accepts only -c key=value arguments, got "--profile"');
  });

  it.each(FIXED_CONTEXT_KEYS)('refuses -c %s before starting anything, since the local path sets it', async (key) => {
    const port = await freeLoopbackPort();

    await expect(deployLocal({ port, outdir: '/nonexistent', context: { [key]: 'x' } })).rejects.toThrow(`remove -c ${key}`);
    expect(await isMotoAnswering(localAwsEndpoint(port))).toBe(false);
  });
});
