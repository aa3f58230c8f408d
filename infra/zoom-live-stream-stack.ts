import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS, type CatalogueName } from '../functions/lib/handlers/function-catalogue';
import {
  DEFAULT_THROTTLE,
  DEFAULT_ZOOM_SETTINGS,
  type ApiThrottle,
  type LogLevel,
  type SecretSource,
  type ZoomSettings,
} from './app-config';
import { OperationalAlarms } from './alarms';
import { addRoutes } from './api-routes';
import {
  START_WORKER_BATCH_SIZE,
  START_WORKER_MAX_CONCURRENCY,
  START_WORKER_TIMEOUT,
  ZOOM_LIGHT_RATE_LIMIT,
} from './function-settings';
import { wireUses } from './function-uses';
import { LiveStreamFunction } from './live-stream-function';
import { MeetingTimeSchedules } from './meeting-time-schedules';
import { MeetingsTable } from './meetings-table';
import { addStackOutputs } from './outputs';
import { StartQueues } from './start-queues';
import { LiveStreamSchedules, type ScheduleEntry } from './schedules';
import { ZoomSecret } from './zoom-secret';
import { workerRatePerContainer } from './start-worker-rate';
import { DEFAULT_WEBHOOK_PROTECTION, type DoorConfig } from './door-config';
import { acknowledgeNoWaf, stageMethodOptions, WebhookDoor } from './webhook-door';
import { WebhookSecret } from './webhook-secret';

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
  /** An existing topic for alarm and failure notices, instead of the one `alarmEmail` creates. @default - none */
  readonly notificationTopicArn?: string;
  /** Concurrent start worker invocations (2 to 1000). @default START_WORKER_MAX_CONCURRENCY */
  readonly startWorkerMaxConcurrency?: number;
  /**
   * Zoom requests per second all start worker containers make together at most.
   * @default ZOOM_LIGHT_RATE_LIMIT (a Pro account)
   */
  readonly zoomRateLimit?: number;
  /** Who may call the API and how the webhook is protected (`readDoorConfig`). @default DEFAULT_DOOR */
  readonly door?: DoorConfig;
}

/**
 * The deployed system: a REST API whose routes come from `ROUTES` (the same list `npm start` serves),
 * the functions of `FUNCTIONS`, each granted exactly what its code uses, the meetings table, the start
 * queue the start worker drains, the schedules (configured ones and those the functions create at
 * meeting time), the Zoom credentials secret, and alarms on errors, failures and backlog.
 */
export class ZoomLiveStreamStack extends Stack {
  readonly api: apigateway.RestApi;
  /** None with `callerAuth: 'iam'`. */
  readonly apiKey?: apigateway.IApiKey;
  readonly zoomSecret: ZoomSecret;
  /** The webhook's own secret: its tokens (and optionally accountId), nothing that calls Zoom. */
  readonly webhookSecret: ZoomSecret;
  readonly door: DoorConfig;
  readonly webhookDoor: WebhookDoor;
  /** Every function of the catalogue, by its name there. */
  readonly functions: Readonly<Record<CatalogueName, lambda.IFunction>>;
  /** On-failure destinations of the functions invoked asynchronously (start, stop). */
  readonly invokeFailureQueues: Readonly<Partial<Record<CatalogueName, sqs.IQueue>>>;
  /** Auto-start registrations and start claims; retained when the stack is destroyed. */
  readonly meetingsTable: dynamodb.ITable;
  readonly startQueue: sqs.IQueue;
  /** Where every start that failed for good ends: the start queue's redrive and jobs parked by the worker. */
  readonly startFailureQueue: sqs.IQueue;
  readonly schedules: LiveStreamSchedules;
  /** The group and role of the one-time schedules the functions create. */
  readonly meetingTimes: MeetingTimeSchedules;
  /** Every queue where failed work lands, each with an alarm. */
  readonly failureQueues: readonly sqs.IQueue[];
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: ZoomLiveStreamStackProps = {}) {
    super(scope, id, {
      description: 'Starts and stops Zoom meeting and webinar live streams (API Gateway, Lambda, SQS, DynamoDB, EventBridge Scheduler, Secrets Manager)',
      ...props,
    });

    this.door = props.door ?? { callerAuth: 'api-key', webhook: DEFAULT_WEBHOOK_PROTECTION, webhookSecret: { kind: 'create' } };
    this.zoomSecret = new ZoomSecret(this, 'ZoomCredentials', { source: props.secret, kmsKeyArn: props.kmsKeyArn });
    this.webhookSecret = new WebhookSecret(this, 'WebhookSecret', { source: this.door.webhookSecret, kmsKeyArn: props.kmsKeyArn });
    this.meetingsTable = new MeetingsTable(this, 'MeetingsTable');
    const startQueues = new StartQueues(this, 'StartQueues', { consumerTimeout: START_WORKER_TIMEOUT });
    this.startQueue = startQueues.queue;
    this.startFailureQueue = startQueues.failureQueue;

    const built = this.buildFunctions(props);
    this.functions = mapValues(built, (fn) => fn.function);
    const invokeFailureQueues: Partial<Record<CatalogueName, sqs.IQueue>> = {};
    for (const [name, fn] of entries(built)) if (fn.failureQueue) invokeFailureQueues[name] = fn.failureQueue;
    this.invokeFailureQueues = invokeFailureQueues;

    this.schedules = new LiveStreamSchedules(this, 'Schedules', {
      schedules: props.schedules ?? [],
      startQueue: this.startQueue,
      stopFunction: this.functions.stop,
    });
    this.meetingTimes = new MeetingTimeSchedules(this, 'MeetingTimeSchedules', {
      startQueue: this.startQueue,
      deadLetterQueue: this.schedules.deadLetterQueue,
    });

    this.failureQueues = [...Object.values(invokeFailureQueues), this.startFailureQueue, this.schedules.deadLetterQueue];
    this.alarms = new OperationalAlarms(this, 'Alarms', {
      functions: Object.values(this.functions),
      queues: this.failureQueues,
      backlogQueues: [this.startQueue],
      alarmEmail: props.alarmEmail,
      notificationTopicArn: props.notificationTopicArn,
    });

    const maxConcurrency = props.startWorkerMaxConcurrency ?? START_WORKER_MAX_CONCURRENCY;
    const zoomRate = props.zoomRateLimit ?? ZOOM_LIGHT_RATE_LIMIT;
    if (!(zoomRate > 0 && Number.isFinite(zoomRate))) throw new Error(`zoomRateLimit: expected a positive number, got ${zoomRate}`);
    const resources = {
      table: this.meetingsTable,
      startQueue: this.startQueue,
      startFailureQueue: this.startFailureQueue,
      meetingTimes: this.meetingTimes,
      zoomRequestsPerContainer: workerRatePerContainer(zoomRate, maxConcurrency),
      notificationTopic: this.alarms.topic,
    };
    for (const [name, fn] of entries(built)) wireUses(fn.function, FUNCTIONS[name].uses, resources);
    built.startWorker.function.addEventSource(
      new SqsEventSource(this.startQueue, {
        batchSize: START_WORKER_BATCH_SIZE,
        maxConcurrency,
        // Only the records that may still succeed come back; the others are deleted with the batch.
        reportBatchItemFailures: true,
      }),
    );

    this.api = this.buildApi(stageMethodOptions(this.door.webhook, this.door.callerAuth, props.throttle ?? DEFAULT_THROTTLE));
    addRoutes(this.api, this.functions, this.door.callerAuth);
    this.webhookDoor = new WebhookDoor(this, 'WebhookDoor', { api: this.api, webhookFunction: this.functions.webhook, protection: this.door.webhook });
    if (!this.webhookDoor.webAcl) acknowledgeNoWaf(this.api, this.door.callerAuth);
    if (this.door.streamHosts) built.meetings.function.addEnvironment('STREAM_HOSTS', this.door.streamHosts.join(','));
    if (this.door.callerAuth === 'api-key') {
      const plan = this.api.addUsagePlan('UsagePlan', {
        description: 'Throttle for the API key of this stack',
        throttle: props.throttle ?? DEFAULT_THROTTLE,
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      // The value is generated by API Gateway, so it never appears in the template or the outputs.
      this.apiKey = this.api.addApiKey('ApiKey', { description: 'x-api-key for the Zoom live stream API' });
      plan.addApiKey(this.apiKey);
    }

    addStackOutputs(this, { functions: built });
  }

  /** One function per catalogue entry; construct ids `<Name>Function`, so start and stop keep theirs. */
  private buildFunctions(props: ZoomLiveStreamStackProps): Record<CatalogueName, LiveStreamFunction> {
    return mapValues(FUNCTIONS, (entry, name) => {
      return new LiveStreamFunction(this, `${pascal(name)}Function`, {
        entry: entry.entry,
        description: entry.description,
        secret: entry.callsZoom === false ? undefined : this.zoomSecret,
        assets: entry.assets,
        ...(entry.uses.webhookSecretOnly ? { webhookSecret: this.webhookSecret } : {}),
        zoom: props.zoom ?? DEFAULT_ZOOM_SETTINGS,
        logLevel: props.logLevel,
        timeout: Duration.seconds(entry.timeoutSeconds),
        invokedAsynchronously: entry.invokedAsynchronously === true,
      });
    });
  }

  private buildApi(methodOptions: Record<string, apigateway.MethodDeploymentOptions>): apigateway.RestApi {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const api = new apigateway.RestApi(this, 'Api', {
      description: 'Zoom live stream start/stop, auto-start and the Zoom webhook',
      // Regional: callers are scripts, webhooks and services, not browsers around the world, and an
      // edge endpoint adds a CloudFront hop without caching anything for POSTs.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Execution logging would need the account-wide API Gateway CloudWatch role (see APIG6 below).
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
        methodOptions,
      },
    });
    // APIG4 and COG4 (authorization) are per method, acknowledged in addRoutes; APIG3 (WAF) where the web ACL is decided.
    Validations.of(api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason: "The handlers validate ids and bodies themselves so that every rejection is a 400 INVALID_REQUEST naming the field; API Gateway's validator would answer in its own format, and the local server could not reproduce it.",
      },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'JSON access logs record every request; execution logging needs the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account), a per-region singleton this stack must not own or overwrite, and the functions log each request themselves.',
      },
    );
    return api;
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

export function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function entries<K extends string, V>(record: Readonly<Record<K, V>>): Array<[K, V]> {
  return Object.entries(record) as Array<[K, V]>;
}

function mapValues<K extends string, V, W>(record: Readonly<Record<K, V>>, map: (value: V, key: K) => W): Record<K, W> {
  return Object.fromEntries(entries(record).map(([key, value]) => [key, map(value, key)])) as Record<K, W>;
}
