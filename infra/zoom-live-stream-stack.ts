import { Aws, CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTES, type LiveStreamAction } from '../functions/lib/http/routes';
import {
  DEFAULT_THROTTLE,
  DEFAULT_ZOOM_SETTINGS,
  type ApiThrottle,
  type LogLevel,
  type SecretSource,
  type ZoomSettings,
} from './app-config';
import { OperationalAlarms } from './alarms';
import { LiveStreamFunction } from './live-stream-function';
import { LiveStreamSchedules, type ScheduleEntry } from './schedules';
import { ZoomSecret } from './zoom-secret';

export const STACK_ID = 'ZoomLiveStreamStack';

export interface ZoomLiveStreamStackProps extends StackProps {
  /** @default - a new secret, created without any credential */
  readonly secret?: SecretSource;
  /** Customer-managed KMS key of the secret. @default - the AWS-managed key */
  readonly kmsKeyArn?: string;
  /** @default DEFAULT_ZOOM_SETTINGS (Zoom's public endpoints, JSON bodies) */
  readonly zoom?: ZoomSettings;
  /** @default INFO */
  readonly logLevel?: LogLevel;
  /** The API key's usage-plan throttle. @default DEFAULT_THROTTLE */
  readonly throttle?: ApiThrottle;
  /** Validated schedule entries (`readSchedulesFromContext`). @default - no schedules */
  readonly schedules?: readonly ScheduleEntry[];
  /** Where alarm notices go (an SNS e-mail subscription). @default - alarms without notifications */
  readonly alarmEmail?: string;
}

/**
 * The deployed system: a REST API whose routes come from `ROUTES` (the same list `npm start`
 * serves), one function per action, the Zoom credentials secret, a failure queue per function,
 * the configured schedules, and alarms on function errors and on every failure/dead-letter queue.
 */
export class ZoomLiveStreamStack extends Stack {
  readonly api: apigateway.RestApi;
  readonly apiKey: apigateway.IApiKey;
  readonly zoomSecret: ZoomSecret;
  /** The live-stream function of each action, e.g. for schedule targets. */
  readonly functions: Readonly<Record<LiveStreamAction, lambda.IFunction>>;
  readonly startFunction: lambda.IFunction;
  readonly stopFunction: lambda.IFunction;
  /** On-failure destinations of the functions' asynchronous invocations, e.g. for alarms. */
  readonly failureQueues: readonly sqs.IQueue[];
  readonly startFailureQueue: sqs.IQueue;
  readonly stopFailureQueue: sqs.IQueue;
  readonly schedules: LiveStreamSchedules;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ZoomLiveStreamStackProps = {}) {
    super(scope, id, {
      description: 'Starts and stops Zoom meeting live streams (API Gateway, Lambda, Secrets Manager)',
      ...props,
    });

    this.zoomSecret = new ZoomSecret(this, 'ZoomCredentials', { source: props.secret, kmsKeyArn: props.kmsKeyArn });

    const built = new Map<LiveStreamAction, LiveStreamFunction>();
    for (const route of ROUTES) {
      built.set(
        route.action,
        new LiveStreamFunction(this, `${pascal(route.action)}Function`, {
          entry: route.entry,
          description: `${pascal(route.action)}s a Zoom meeting's live stream`,
          secret: this.zoomSecret,
          zoom: props.zoom ?? DEFAULT_ZOOM_SETTINGS,
          logLevel: props.logLevel,
        }),
      );
    }
    const start = required(built, 'start');
    const stop = required(built, 'stop');
    this.startFunction = start.function;
    this.stopFunction = stop.function;
    this.functions = { start: start.function, stop: stop.function };
    this.startFailureQueue = start.failureQueue;
    this.stopFailureQueue = stop.failureQueue;
    this.failureQueues = [...built.values()].map((fn) => fn.failureQueue);

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'Zoom live stream start/stop',
      // Regional: callers are scripts, webhooks and services, not browsers around the world, and an
      // edge endpoint adds a CloudFront hop without caching anything for POSTs.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Execution logging would need the account-wide API Gateway CloudWatch role (see APIG6 below).
      cloudWatchRole: false,
      defaultMethodOptions: { apiKeyRequired: true },
      deployOptions: {
        stageName: 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
      },
    });

    for (const route of ROUTES) {
      const fn = required(built, route.action).function;
      this.api.root
        .resourceForPath(route.resourcePath)
        .addMethod(route.method, new apigateway.LambdaIntegration(fn, { proxy: true }), { apiKeyRequired: true });
    }

    const plan = this.api.addUsagePlan('UsagePlan', {
      description: 'Throttle for the API key of this stack',
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    // The value is generated by API Gateway, so it never appears in the template or the outputs.
    this.apiKey = this.api.addApiKey('ApiKey', { description: 'x-api-key for the Zoom live stream API' });
    plan.addApiKey(this.apiKey);

    this.schedules = new LiveStreamSchedules(this, 'Schedules', {
      schedules: props.schedules ?? [],
      startFunction: this.startFunction,
      stopFunction: this.stopFunction,
    });
    const deadLetterQueues = this.schedules.deadLetterQueue ? [this.schedules.deadLetterQueue] : [];
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      functions: Object.values(this.functions),
      queues: [...this.failureQueues, ...deadLetterQueues],
      alarmEmail: props.alarmEmail,
    });

    this.addOutputs(built);
    this.suppressApiFindings();
  }

  private addOutputs(built: ReadonlyMap<LiveStreamAction, LiveStreamFunction>): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the API (stage prod)' });
    for (const route of ROUTES) {
      new CfnOutput(this, `${pascal(route.action)}RouteUrl`, {
        value: this.api.urlForPath(route.resourcePath),
        description: `POST here with header x-api-key to ${route.action} a live stream; replace {meetingId}`,
      });
    }
    for (const [action, fn] of built) {
      new CfnOutput(this, `${pascal(action)}FunctionName`, { value: fn.function.functionName });
      new CfnOutput(this, `${pascal(action)}FailureQueueUrl`, {
        value: fn.failureQueue.queueUrl,
        description: `Asynchronous ${action} invocations that failed every attempt`,
      });
    }
    new CfnOutput(this, 'SecretArn', { value: this.zoomSecret.secret.secretArn, description: 'Zoom credentials secret' });
    new CfnOutput(this, 'PutSecretValueCommand', {
      value: `aws secretsmanager put-secret-value --region ${Aws.REGION} --secret-id ${this.zoomSecret.secretId} --secret-string file://zoom-credentials.json`,
      description: 'Stores the Zoom credentials JSON ({"accountId","clientId","clientSecret"}) in the secret',
    });
    new CfnOutput(this, 'ApiKeyId', { value: this.apiKey.keyId });
    new CfnOutput(this, 'ApiKeyValueCommand', {
      value: `aws apigateway get-api-key --region ${Aws.REGION} --api-key ${this.apiKey.keyId} --include-value --query value --output text`,
      description: 'Prints the x-api-key value',
    });
  }

  private suppressApiFindings(): void {
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason: "The handlers validate meeting id and body themselves so that every rejection is the contract's 400 INVALID_REQUEST naming the field; API Gateway's validator would answer in its own format, and the local server could not reproduce it.",
      },
      {
        id: 'AwsSolutions-APIG3',
        reason: 'No WAF by default: every method needs an API key and the usage plan throttles it, and a web ACL costs a monthly fee most deployments of this tool do not need. Associate one in front of the stage when the API is exposed more widely.',
      },
      {
        id: 'AwsSolutions-APIG4',
        reason: 'API keys (x-api-key) are the chosen authentication: the callers are scripts, schedulers and webhook relays, not signed-in users; every method has apiKeyRequired.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'No Cognito user pool: the callers are machines authenticated by API key (see APIG4).',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'JSON access logs record every request; execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), a per-region singleton this stack must not own or overwrite, and the functions log each request themselves.',
      },
    );
  }
}

/** One JSON object per request; the key's id is logged, never its value. */
function accessLogFormat(): apigateway.AccessLogFormat {
  const field = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: field.contextRequestId(),
      extendedRequestId: field.contextExtendedRequestId(),
      requestTime: field.contextRequestTime(),
      ip: field.contextIdentitySourceIp(),
      httpMethod: field.contextHttpMethod(),
      resourcePath: field.contextResourcePath(),
      path: field.contextPath(),
      status: field.contextStatus(),
      responseLength: field.contextResponseLength(),
      responseLatency: field.contextResponseLatency(),
      integrationStatus: field.contextIntegrationStatus(),
      integrationLatency: field.contextIntegrationLatency(),
      apiKeyId: field.contextIdentityApiKeyId(),
      errorMessage: field.contextErrorMessage(),
      integrationErrorMessage: field.contextIntegrationErrorMessage(),
      userAgent: field.contextIdentityUserAgent(),
    }),
  );
}

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function required<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`ROUTES has no route for action "${String(key)}"`);
  return value;
}
