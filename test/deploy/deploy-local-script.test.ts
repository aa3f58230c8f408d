import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkEmulator } from '../../local/deploy/emulator-health';
import { localAwsEndpoint } from '../../local/deploy/local-aws';
import { freeLoopbackPort } from '../support/free-port';

/**
 * `npm run deploy:local` as a user runs it (tsx, the real script), on the paths that must end early
 * and leave nothing behind. The script runs asynchronously: the test process itself serves one port.
 */
const ROOT = path.resolve(__dirname, '../..');
const TSX_CLI = require.resolve('tsx/cli');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function deployLocalScript(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, 'scripts/deploy-local.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('refuses a port where something other than a healthy moto answers, naming the port and LOCAL_AWS_PORT', async () => {
  const server = await new Promise<Server>((resolve) => {
    const other = createServer((_, response) => response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>500</h1>'));
    other.listen(0, '127.0.0.1', () => resolve(other));
  });
  try {
    const { port } = server.address() as AddressInfo;

    const run = await deployLocalScript([], { ...process.env, LOCAL_AWS_PORT: String(port) });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`deploy:local failed: port ${port} is taken by something that is not a healthy moto_server`);
    expect(run.stderr).toContain(`lsof -nP -iTCP:${port} -sTCP:LISTEN`);
    expect(run.stderr).toContain('set LOCAL_AWS_PORT to a free port');
    expect(run.stdout).not.toContain('| '); // the CDK CLI never ran
  } finally {
    server.close();
  }
}, 60_000);

it("deploys past moto despite the user's AWS_PROFILE, and stops the moto it started when the deploy then fails", async () => {
  const port = await freeLoopbackPort();
  try {
    // An invalid context value makes `cdk synth` fail right after moto and the secret are set up.
    const run = await deployLocalScript(['-c', 'logLevel=LOUD'], {
      ...process.env,
      LOCAL_AWS_PORT: String(port),
      AWS_PROFILE: 'no-such-profile',
      AWS_ACCESS_KEY_ID: 'AKIAREALKEY',
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid CDK context "logLevel"');
    expect(run.stderr).toMatch(/The moto_server this deploy started \(pid \d+\) was stopped again/);
    expect(await checkEmulator(localAwsEndpoint(port))).toEqual({ state: 'free' });
  } finally {
    rmSync(path.join(tmpdir(), `zoom-livestream-moto-${port}.log`), { force: true });
  }
}, 120_000);
