import { STACK_ID } from '../../infra/zoom-live-stream-stack';
import { runCdk } from './cdk-cli';
import { completeOnMoto, type CompletedResource } from './complete-on-moto';
import { describeLocalStack, type LocalStackDescription } from './describe-local-stack';
import { localAwsEnv } from './local-aws';
import { ensureMoto, type LocalMoto } from './local-moto';
import { ensureLocalSecret, LOCAL_SECRET_NAME, type LocalSecret } from './local-secret';

export interface DeployLocalOptions {
  readonly port: number;
  /** Interface for a moto this call starts. @default 127.0.0.1 */
  readonly host?: string;
  /** Cloud assembly directory (`cdk -o`); kept apart from `cdk.out` so a real deploy's assembly is not replaced. */
  readonly outdir: string;
  /** Extra `-c key=value` pairs, e.g. `zoomApiBaseUrl` pointing at a Zoom simulator. */
  readonly context?: Readonly<Record<string, string>>;
  /** Every line the CDK CLI prints. */
  readonly onLine?: (line: string) => void;
}

export interface LocalDeployment extends LocalStackDescription {
  readonly moto: LocalMoto;
  readonly secret: LocalSecret;
  readonly outdir: string;
  /** What was finished through the service APIs after moto's CloudFormation (completeOnMoto). */
  readonly completed: readonly CompletedResource[];
}

/**
 * Context the emulator path fixes, each because moto's CloudFormation lacks the resource type:
 * - `secretName`: no AWS::SecretsManager::Secret, so the secret is created through the Secrets Manager
 *   API first and imported by name, the stack's documented import mode; `webhookSecretName` likewise
 *   names the same secret for the webhook (a single-secret setup).
 * - `schedules`: no AWS::Scheduler::Schedule (nor ScheduleGroup), so none are configured locally.
 * The user may not override them here; the stack for AWS is untouched by this list.
 */
export const FIXED_CONTEXT_KEYS = ['secretName', 'secretArn', 'webhookSecretName', 'webhookSecretArn', 'schedules', 'schedulesFile'] as const;

/**
 * Deploys the real ZoomLiveStreamStack (same app, same bundling) to moto_server through the CDK CLI:
 * synth once, bootstrap, then deploy the same assembly with `--method=direct` (moto's change sets
 * ignore DependsOn, so resources would be created before what they depend on) and
 * `--no-previous-parameters` (updates of the stack on moto need it). Both are CLI options of this path
 * only; the template is the one `npm run deploy -- -c secretName=…` sends to AWS, without schedules.
 * What moto's CloudFormation leaves undone of it is then finished through the service APIs (completeOnMoto).
 */
export async function deployLocal(options: DeployLocalOptions): Promise<LocalDeployment> {
  const userContext = options.context ?? {};
  for (const key of FIXED_CONTEXT_KEYS) {
    if (key in userContext) {
      throw new Error(`deploy:local sets "${key}" itself (moto's CloudFormation has no secret or schedule resources); remove -c ${key}`);
    }
  }

  const moto = await ensureMoto({ port: options.port, host: options.host });
  try {
    return await deployTo(moto, userContext, options);
  } catch (error) {
    throw await stopStartedMoto(moto, error);
  }
}

async function deployTo(
  moto: LocalMoto,
  userContext: Readonly<Record<string, string>>,
  options: DeployLocalOptions,
): Promise<LocalDeployment> {
  const secret = await ensureLocalSecret(moto.endpoint, LOCAL_SECRET_NAME);
  const env = localAwsEnv(moto.endpoint);
  const context = { ...userContext, secretName: secret.name, webhookSecretName: secret.name, schedules: '[]' };
  const contextArgs = Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const cdk = (args: string[]) => runCdk(args, { env, onLine: options.onLine });

  await cdk(['synth', '--quiet', '--output', options.outdir, ...contextArgs]);
  // Environment-agnostic stack: bootstrap and deploy resolve the account through moto's STS.
  await cdk(['bootstrap', '--app', options.outdir]);
  await cdk([
    'deploy',
    '--app',
    options.outdir,
    '--method=direct',
    '--no-previous-parameters',
    '--require-approval',
    'never',
    '--progress',
    'events',
    STACK_ID,
  ]);

  const completed = await completeOnMoto(moto.endpoint, STACK_ID);
  const description = await describeLocalStack(moto.endpoint, STACK_ID);
  return { ...description, moto, secret, outdir: options.outdir, completed };
}

/**
 * A moto this deploy started holds nothing worth keeping after a failure (a half-made stack in
 * memory), and left running it would answer the next deploy:local with that stack; one that was
 * already running is the user's and stays.
 */
async function stopStartedMoto(moto: LocalMoto, error: unknown): Promise<Error> {
  const failure = error instanceof Error ? error.message : String(error);
  if (!moto.stop) return error instanceof Error ? error : new Error(failure);
  let outcome: string;
  try {
    await moto.stop();
    outcome = `was stopped again; its log: ${moto.logFile}`;
  } catch (stopError) {
    outcome = `could not be stopped (${String(stopError)}); stop it with: kill ${moto.startedPid}`;
  }
  return new Error(`${failure}\nThe moto_server this deploy started (pid ${moto.startedPid}) ${outcome}`, { cause: error });
}

/** Reads `-c key=value` / `--context key=value` / `--context=key=value` arguments; anything else is an error. */
export function parseContextArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') {
      pair = args[i + 1];
      i += 1;
    } else if (arg.startsWith('--context=')) {
      pair = arg.slice('--context='.length);
    } else {
      throw new Error(`deploy:local accepts only -c key=value arguments, got "${arg}"`);
    }
    const eq = pair?.indexOf('=') ?? -1;
    if (pair === undefined || eq <= 0) throw new Error(`deploy:local: ${arg} needs key=value`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
