import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogLevel as EsbuildLogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as path from 'node:path';
import type { LogLevel, ZoomSettings } from './app-config';
import type { ZoomSecret } from './zoom-secret';
import { BUNDLE_ALIASES, ESM_REQUIRE_BANNER, MAIN_FIELDS } from './bundling';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..');

/** When a function's props name none (every catalogue function names its own: function-catalogue.ts). */
export const FUNCTION_TIMEOUT = Duration.seconds(120);

/**
 * 256 MB on arm64: the work is one Secrets Manager read and one or two HTTPS calls, so memory is
 * not the constraint, but Lambda scales CPU with memory and cold start (parsing the bundle, TLS
 * handshakes) is CPU-bound; 256 MB roughly halves cold start against 128 MB for about the same
 * cost per invocation, since the invocation finishes sooner. arm64 is ~20 % cheaper per GB-s.
 */
export const FUNCTION_MEMORY_MB = 256;

/**
 * A scheduled start delivered an hour late is of no use to a meeting; an event older than this goes
 * to the on-failure queue instead of being tried (so it is still not lost).
 */
export const MAX_EVENT_AGE = Duration.hours(1);
export const ASYNC_RETRY_ATTEMPTS = 2;

export interface LiveStreamFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/start.ts`. */
  readonly entry: string;
  readonly description: string;
  /** The Zoom credentials; a function that never calls Zoom gets neither them nor the Zoom variables. */
  readonly secret?: ZoomSecret;
  /**
   * The webhook's own secret: set as `ZOOM_WEBHOOK_SECRET_ID` and the only secret the function may
   * read (`ZOOM_SECRET_ID` is still set, so every function names the same one, but not granted).
   * @default - the function reads `secret`
   */
  readonly webhookSecret?: ZoomSecret;
  readonly zoom: ZoomSettings;
  /**
   * A folder of the repository copied beside the bundle under the same name (`console`: the files
   * the console function serves from `$LAMBDA_TASK_ROOT/console`).
   * @default - none
   */
  readonly assets?: string;
  /** @default INFO */
  readonly logLevel?: LogLevel;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default FUNCTION_TIMEOUT */
  readonly timeout?: Duration;
  /**
   * Whether something invokes the function asynchronously (a schedule, an EventBridge rule, `aws
   * lambda invoke --invocation-type Event`): then it gets the retry policy and an on-failure queue.
   * Functions only API Gateway or an SQS event source invokes get neither: nothing would use them.
   * @default true
   */
  readonly invokedAsynchronously?: boolean;
}

/**
 * One Lambda function of this app with its defaults fixed in one place: runtime, architecture,
 * bundling, memory, timeout, log group, least-privilege role, and the asynchronous-invocation
 * policy whose final failures land in an SQS queue.
 */
export class LiveStreamFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  /**
   * Receives the original event of every asynchronous invocation that failed all its attempts;
   * only when `invokedAsynchronously`.
   */
  readonly failureQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: LiveStreamFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      // `npm run destroy` means gone; a month of retention already bounds what is kept.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const failureQueue = (props.invokedAsynchronously ?? true) ? this.asyncFailureQueue() : undefined;
    this.failureQueue = failureQueue;

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy may write to
    // every log group of the account; this one writes only to the function's own.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(REPOSITORY_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: props.timeout ?? FUNCTION_TIMEOUT,
      role,
      logGroup: this.logGroup,
      // Text format on purpose: the logger already writes one JSON object per line, and Lambda's JSON
      // format would add its own application log level that silently filters LOG_LEVEL=DEBUG.
      loggingFormat: lambda.LoggingFormat.TEXT,
      ...(failureQueue
        ? { retryAttempts: ASYNC_RETRY_ATTEMPTS, maxEventAge: MAX_EVENT_AGE, onFailure: new SqsDestination(failureQueue) }
        : {}),
      environment: {
        ...(props.secret
          ? {
              ZOOM_SECRET_ID: props.secret.secretId,
              ZOOM_API_BASE_URL: props.zoom.apiBaseUrl,
              ZOOM_OAUTH_TOKEN_URL: props.zoom.oauthTokenUrl,
              ZOOM_BODY_ENCODING: props.zoom.bodyEncoding,
            }
          : {}),
        ...(props.webhookSecret ? { ZOOM_WEBHOOK_SECRET_ID: props.webhookSecret.secretId } : {}),
        LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_SERVICE_NAME: 'zoom-livestream',
        // No --enable-source-maps: it makes Node parse the source map on every cold start (about
        // 9 ms, bench/cold-start.ts). An unexpected error's stack is mapped to the TypeScript lines
        // when it is logged instead (functions/lib/core/source-mapped-stack.ts), the only time it is read.
      },
      bundling: {
        // The esbuild in node_modules, never Docker (none on CI machines, and slower).
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        // The map is for line numbers, not for reading the sources in the console: leaving the
        // sources out shrinks the asset several times over.
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.ESM,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([name, stub]) => `${name}=${stub}`) },
        // Bundle the AWS SDK clients instead of using the runtime's copy: the version tested here
        // (package-lock.json) is the version that runs, the runtime's SDK can change under a deployed
        // function, and the bundle runs as-is outside Lambda (local emulator tests). esbuild
        // tree-shakes it to the clients the entry uses; the size is measured in bench/.
        bundleAwsSDK: true,
        externalModules: [],
        logLevel: EsbuildLogLevel.WARNING,
        ...(props.assets ? { commandHooks: copyAssets(props.assets) } : {}),
      },
    });

    // Wired here, next to ZOOM_SECRET_ID above, so the variable and its permission cannot drift.
    (props.webhookSecret ?? props.secret)?.grantGetSecretValue(this.function);
  }

  private asyncFailureQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a failed scheduled start is evidence someone should read.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the dead-letter queue: it is the function's asynchronous on-failure destination and nothing consumes it automatically.",
    });
    return queue;
  }
}

/** Bundling hooks that copy `folder` (relative to the repository root) into the asset, files only. */
function copyAssets(folder: string) {
  if (!/^[a-z0-9-]+$/.test(folder)) throw new Error(`assets: "${folder}" must be a plain folder name of the repository`);
  return {
    beforeBundling: (): string[] => [],
    beforeInstall: (): string[] => [],
    afterBundling: (inputDir: string, outputDir: string): string[] => [`mkdir -p "${outputDir}/${folder}"`, `cp "${inputDir}/${folder}/"* "${outputDir}/${folder}/"`],
  };
}
