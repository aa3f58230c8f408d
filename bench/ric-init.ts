/**
 * Cold init under AWS's runtime interface client (`npm run bench:ric-init`): each function's bundle,
 * built by synthesizing the stack as `cdk synth` does, started by `aws-lambda-ric` in a fresh process
 * on Node.js 24 (scripts/node24.sh; RIC_NODE names another binary), timed from the spawn to its first
 * `GET …/invocation/next` on a loopback Runtime API: Node's start, the client's, the bundle's module
 * load and the handler's resolution. Against a trivial handler under the same client, in the same
 * run, interleaved so that a busier moment of the machine hits every subject alike.
 * Options: RIC_INIT_RUNS (15).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { ACCOUNT_ID } from '../test/runtime/support/local-account';
import { startRic } from '../test/runtime/support/ric-process';
import { RuntimeApi } from '../test/runtime/support/runtime-api';
import { resolveVariables, synthesizeFunctions, type Reference } from '../test/runtime/support/stack-bundles';
import { median } from './stats';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.RIC_INIT_RUNS ?? 15);
const GOAL_MS = 70;
const NODE = process.env.RIC_NODE || path.join(execFileSync('bash', [path.join(ROOT, 'scripts/node24.sh')], { encoding: 'utf8' }).trim(), 'node');

/** Values of the shape AWS gives (init reads no resource: the functions build their clients on first use). */
function placeholder({ logicalId, type, attribute }: Reference): string {
  if (type === 'AWS::SQS::Queue' && attribute === 'Ref') return `https://sqs.us-east-1.amazonaws.com/${ACCOUNT_ID}/${logicalId}`;
  if (attribute === 'Arn') return `arn:aws:${type.split('::')[1]?.toLowerCase()}:us-east-1:${ACCOUNT_ID}:${logicalId}`;
  return logicalId;
}

interface Subject {
  readonly name: string;
  readonly taskRoot: string;
  readonly handler: string;
  readonly env: Record<string, string>;
  readonly bytes: number;
}

/** CPU time (user + system) the process has used so far, from /proc: what a busy machine inflates least. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime, fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

async function initOnce(subject: Subject): Promise<{ wallMs: number; cpuMs: number }> {
  const api = await new RuntimeApi().listen();
  const started = performance.now();
  const ric = startRic({ taskRoot: subject.taskRoot, handler: subject.handler, functionName: subject.name, memoryMb: 256, env: subject.env, api, node: NODE });
  try {
    await ric.ready;
    return { wallMs: performance.now() - started, cpuMs: cpuMs(ric.child.pid) };
  } finally {
    await Promise.all([ric.stop(), api.close()]);
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'ric-init-'));
  try {
    const { functions, resourceTypes } = synthesizeFunctions(path.join(work, 'cdk.out'));
    const awsEnv = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing' };
    const subjects: Subject[] = [
      { name: 'trivial handler', taskRoot: path.join(__dirname, 'ric'), handler: 'trivial-handler.handler', env: awsEnv, bytes: statSync(path.join(__dirname, 'ric', 'trivial-handler.mjs')).size },
      ...Object.values(functions).map((fn) => ({
        name: fn.name,
        taskRoot: fn.taskRoot,
        handler: fn.handler,
        env: { ...resolveVariables(fn, resourceTypes, placeholder), ...awsEnv },
        bytes: statSync(path.join(fn.taskRoot, 'index.mjs')).size,
      })),
    ];
    const wall = subjects.map(() => [] as number[]);
    const cpu = subjects.map(() => [] as number[]);
    // One discarded round warms the file cache for every subject alike.
    for (const subject of subjects) await initOnce(subject);
    for (let run = 0; run < RUNS; run += 1) {
      for (const [i, subject] of subjects.entries()) {
        const time = await initOnce(subject);
        wall[i]?.push(time.wallMs);
        cpu[i]?.push(time.cpuMs);
      }
    }
    const trivial = { wall: median(wall[0] ?? []), cpu: median(cpu[0] ?? []) };
    console.log(`${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()} under aws-lambda-ric; cold init = spawn to the first invocation/next; median of ${RUNS}; load average ${loadavg()[0]?.toFixed(1)}`);
    console.log(`subject            bundle     init (wall)  − trivial (goal ≤ ${GOAL_MS} ms)   init (CPU)  − trivial`);
    subjects.forEach((subject, i) => {
      const ms = median(wall[i] ?? []);
      const cpuTime = median(cpu[i] ?? []);
      const over = i === 0 ? ''.padEnd(26) : `${(ms - trivial.wall).toFixed(1).padStart(8)} ms ${ms - trivial.wall <= GOAL_MS ? 'ok  ' : 'OVER'}`.padEnd(26);
      const cpuOver = i === 0 ? '' : `${(cpuTime - trivial.cpu).toFixed(0).padStart(6)} ms`;
      console.log(`${subject.name.padEnd(18)} ${`${(subject.bytes / 1024).toFixed(0)} KiB`.padStart(8)}  ${`${ms.toFixed(1)} ms`.padStart(10)}  ${over} ${`${cpuTime.toFixed(0)} ms`.padStart(8)}  ${cpuOver}`);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
