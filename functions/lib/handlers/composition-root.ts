import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_BACKOFF, Pacer, type BackoffPolicy, type ZoomCallDeps } from '../zoom/zoom-call';
import { systemClock, type Clock } from '../core/clock';
import { readConfig, readWiringConfig, type Config, type WiringConfig } from '../core/config';
import { ConfigurationError } from '../core/errors';
import { logger, logRetry } from '../core/logger';
import { createDynamoDbClient } from '../aws/aws-call';
import { DynamoDbFailureStore } from '../aws/dynamodb-failure-store';
import { DynamoDbMeetingStore } from '../aws/dynamodb-meeting-store';
import { DynamoDbTokenStore } from '../aws/dynamodb-token-store';
import { createSchedulerClient, EventBridgeStartScheduler } from '../aws/eventbridge-start-scheduler';
import { createSecretsManagerClient, SECRET_TTL_MS, SecretCache, secretsManagerReader, type SecretReader } from '../aws/secret-cache';
import { createSnsClient, SnsFailureNotifier } from '../aws/sns-failure-notifier';
import { createSqsClient, SqsFailureQueue, SqsStartQueue } from '../aws/sqs-queues';
import { MemoryFailureStore } from '../memory/memory-failure-store';
import { MemoryMeetingStore } from '../memory/memory-meeting-store';
import { TimerStartScheduler } from '../memory/timer-start-scheduler';
import { meetingChanged, rearmBefore } from '../use-cases/auto-start';
import type { MeetingTimesDeps } from '../use-cases/meeting-times';
import type { FailureNotifier, FailureQueue, FailureStore, MeetingStore, StartQueue, StartScheduler } from '../use-cases/ports';
import { POLL_INTERVAL_MS, type StartJobDeps, type StartWorkerDeps } from '../use-cases/start-job';
import { zoomCredentials } from '../zoom/credentials';
import type { SharedTokenStore } from '../zoom/fleet-token';
import { createHttpClient, REQUEST_TIMEOUT_MS } from '../zoom/http-client';
import { exchangeToken, TokenProvider, type TokenExchange } from '../zoom/token-provider';
import { ZoomApi } from '../zoom/zoom-api';

/*
 * The one place that turns a function's environment into the parts it runs with, and the only one
 * that knows which adapter serves which port: DynamoDB or memory for the store, SQS or nothing for
 * the queues, EventBridge Scheduler or timers for meeting times. Each function's entry builds its
 * parts here once per container (`lazy`), and gets exactly what it uses, so that its bundle carries
 * nothing else. Tests, benchmarks and `npm start` build the same parts with `Overrides`.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** What tests, benchmarks and `npm start` give instead of what the environment names. */
export interface Overrides {
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Reads the secret; Secrets Manager through the AWS SDK when omitted. */
  readonly readSecret?: SecretReader;
  /** Exchanges Server-to-Server credentials for a token; Zoom's OAuth endpoint over HTTP when omitted. */
  readonly exchangeToken?: TokenExchange;
  readonly secretTtlMs?: number;
  readonly requestTimeoutMs?: number;
  /** How often a waiting start reads Zoom's meeting status. @default 10 s */
  readonly pollIntervalMs?: number;
  /** The fleet's shared Zoom token; the meetings table (MEETINGS_TABLE) when omitted, else none. */
  readonly sharedTokens?: SharedTokenStore;
  /** Names this container in shared-token leases. @default a random id */
  readonly containerId?: string;
  /** One Zoom access shared by several functions of one process (a test's system); one per function otherwise. */
  readonly zoomAccess?: ZoomAccess;
  /** The webhook's secret cache, shared with a test that counts its reads. */
  readonly webhookSecret?: SecretCache;
  readonly store?: MeetingStore;
  readonly failures?: FailureStore;
  readonly startQueue?: StartQueue;
  readonly failureQueue?: FailureQueue;
  readonly scheduler?: StartScheduler;
  readonly notifier?: FailureNotifier;
  /** The delivery on which the start queue parks a message itself (the in-process queue's own count). */
  readonly lastDelivery?: number;
}

/**
 * Builds a value on first use rather than at import: a configuration error then becomes a clear
 * 500 answer (and a log line) instead of a failed Lambda init that API Gateway reports as 502.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// ─── Per function ───────────────────────────────────────────────────────────────────────────────

/** `start` and `stop`: Zoom, and the store and queue of starts nobody waits for. */
export interface LiveStreamDeps extends StartJobDeps {
  readonly startQueue: StartQueue;
}

export function liveStreamDeps(env: Env, overrides: Overrides = {}): LiveStreamDeps {
  const parts = containerParts(env, overrides);
  return { ...zoomDeps(parts), store: store(parts), startQueue: startQueue(parts), pollIntervalMs: parts.overrides.pollIntervalMs ?? POLL_INTERVAL_MS };
}

/** `meetings`: registrations, Zoom's meeting times and the schedules that start them, stream configuration. */
export interface MeetingsDeps extends MeetingTimesDeps {
  /** `STREAM_HOSTS`: the only hosts a configured `stream_url` may name; any host when absent. */
  readonly allowedHosts?: readonly string[];
}

export function meetingsDeps(env: Env, overrides: Overrides = {}): MeetingsDeps {
  const parts = containerParts(env, overrides);
  const { streamHosts } = parts.wiring;
  return { ...meetingTimes(parts, store(parts)), ...(streamHosts ? { allowedHosts: streamHosts } : {}) };
}

/** `webhook`: its own secret, the store, and the start queue it hands off to; never Zoom's API. */
export interface WebhookDeps {
  readonly clock: Clock;
  readonly secret: SecretCache;
  readonly store: MeetingStore;
  readonly startQueue: StartQueue;
}

export function webhookDeps(env: Env, overrides: Overrides = {}): WebhookDeps {
  const parts = containerParts(webhookEnv(env), overrides);
  return { clock: parts.clock, secret: overrides.webhookSecret ?? secretCache(parts), store: store(parts), startQueue: startQueue(parts) };
}

/**
 * The webhook's environment: with `ZOOM_WEBHOOK_SECRET_ID` (the stack sets it) its secret is that
 * one, holding the webhook tokens only; without it (`npm start`, a single-secret setup) the Zoom
 * secret's `webhookSecretToken` serves.
 */
function webhookEnv(env: Env): Env {
  const webhookSecretId = env.ZOOM_WEBHOOK_SECRET_ID?.trim();
  return webhookSecretId ? { ...env, ZOOM_SECRET_ID: webhookSecretId } : env;
}

/** The start worker: every part of a start job, the failure queue and records, and meeting times. */
export function startWorkerDeps(env: Env, overrides: Overrides = {}): StartWorkerDeps {
  const parts = containerParts(env, overrides);
  const theStore = store(parts);
  const times = meetingTimes(parts, theStore);
  const topicArn = parts.wiring.failureTopicArn;
  const notifier = overrides.notifier ?? (topicArn ? new SnsFailureNotifier(createSnsClient(), topicArn) : undefined);
  return {
    ...times,
    pollIntervalMs: overrides.pollIntervalMs ?? POLL_INTERVAL_MS,
    startQueue: startQueue(parts),
    failureQueue: failureQueue(parts),
    failures: failures(parts),
    ...(notifier ? { notifier } : {}),
    meetingTimes: {
      beforeStart: (job, budget) => rearmBefore(job, budget, times),
      changed: (target, change, budget) => meetingChanged(target, change, budget, times),
    },
    ...(overrides.lastDelivery !== undefined ? { lastDelivery: overrides.lastDelivery } : {}),
  };
}

/** `operator`: the lists and the retries; it reads the table and sends to the start queue, never calls Zoom. */
export interface OperatorDeps {
  readonly clock: Clock;
  readonly store: MeetingStore;
  readonly failures: FailureStore;
  readonly startQueue: StartQueue;
}

export function operatorDeps(env: Env, overrides: Overrides = {}): OperatorDeps {
  const parts = containerParts(env, overrides, false);
  return { clock: parts.clock, store: store(parts), failures: failures(parts), startQueue: startQueue(parts) };
}

/**
 * The stores several functions of one process share (`npm start`, a test's system), chosen as each
 * function would choose them: the meetings table when MEETINGS_TABLE names one, memory otherwise.
 */
export function sharedStores(env: Env, overrides: Overrides = {}): { store: MeetingStore; failures: FailureStore } {
  const parts = containerParts(env, overrides, false);
  return { store: store(parts), failures: failures(parts) };
}

// ─── The parts of one container ─────────────────────────────────────────────────────────────────

/** What one builder call reads once: the configuration, the clock, and clients made on first use. */
interface ContainerParts {
  readonly env: Env;
  readonly config?: Config;
  readonly wiring: WiringConfig;
  readonly clock: Clock;
  readonly overrides: Overrides;
  readonly dynamoDb: () => DynamoDBClient;
  readonly sqs: () => SQSClient;
}

/** `zoom`: whether the function reads the Zoom secret's variables (ZOOM_SECRET_ID is required then). */
function containerParts(env: Env, overrides: Overrides, zoom = true): ContainerParts {
  return {
    env,
    ...(zoom ? { config: readConfig(env) } : {}),
    wiring: readWiringConfig(env),
    clock: overrides.clock ?? systemClock,
    overrides,
    dynamoDb: lazy(createDynamoDbClient),
    sqs: lazy(createSqsClient),
  };
}

function store(parts: ContainerParts): MeetingStore {
  const table = parts.wiring.meetingsTable;
  return parts.overrides.store ?? (table ? new DynamoDbMeetingStore(parts.dynamoDb(), table) : new MemoryMeetingStore());
}

function failures(parts: ContainerParts): FailureStore {
  const table = parts.wiring.meetingsTable;
  return parts.overrides.failures ?? (table ? new DynamoDbFailureStore(parts.dynamoDb(), table) : new MemoryFailureStore());
}

function startQueue(parts: ContainerParts): StartQueue {
  const url = parts.wiring.startQueueUrl;
  return parts.overrides.startQueue ?? (url ? new SqsStartQueue(parts.sqs(), url) : NO_START_QUEUE);
}

/**
 * Without START_QUEUE_URL a function has nowhere durable to hand a start to: a Lambda container is
 * frozen once it answers. The hand-off fails, naming the variable; `npm start` and tests give the
 * in-process queue instead.
 */
const NO_START_QUEUE: StartQueue = {
  send: async () => {
    throw new ConfigurationError('START_QUEUE_URL is not set: this start cannot be handed to the start worker (a start whose meeting has not begun waits there)');
  },
};

function failureQueue(parts: ContainerParts): FailureQueue {
  const url = parts.wiring.failureQueueUrl;
  if (parts.overrides.failureQueue) return parts.overrides.failureQueue;
  if (url) return new SqsFailureQueue(parts.sqs(), url);
  // Without the stack's failure queue the log is where a parked job is read.
  return { send: async (_body, failure) => logger.error('start job failed for good', { code: failure.code, errorMessage: failure.message }) };
}

function meetingTimes(parts: ContainerParts, theStore: MeetingStore): MeetingTimesDeps {
  const wiring = parts.wiring.scheduler;
  const scheduler =
    parts.overrides.scheduler ?? (wiring ? new EventBridgeStartScheduler(createSchedulerClient(), wiring) : new TimerStartScheduler(parts.clock, startQueue(parts)));
  return { ...zoomDeps(parts), store: theStore, scheduler };
}

// ─── Zoom ───────────────────────────────────────────────────────────────────────────────────────

/** The Zoom side of a container: the secret it reads, its tokens and its API client. */
export interface ZoomAccess {
  readonly secret: SecretCache;
  readonly tokens: TokenProvider;
  readonly zoom: ZoomApi;
}

/** One Zoom access for several functions of one process (a test's system shares one, as one container would). */
export function zoomAccess(env: Env, overrides: Overrides = {}): ZoomAccess {
  return newZoomAccess(containerParts(env, overrides));
}

function zoomDeps(parts: ContainerParts): ZoomCallDeps & { readonly zoom: ZoomApi } {
  const { overrides } = parts;
  const access = overrides.zoomAccess ?? newZoomAccess(parts);
  const rate = parts.wiring.zoomRequestsPerSecond;
  const pacer = rate ? new Pacer(parts.clock, rate) : undefined;
  return {
    zoom: access.zoom,
    tokens: access.tokens,
    clock: parts.clock,
    random: overrides.random ?? Math.random,
    backoff: overrides.backoff ?? DEFAULT_BACKOFF,
    requestTimeoutMs: overrides.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    onRetry: logRetry,
    ...(pacer ? { pace: () => pacer.take() } : {}),
  };
}

function newZoomAccess(parts: ContainerParts): ZoomAccess {
  const config = parts.config ?? readConfig(parts.env);
  const { overrides, clock } = parts;
  const http = createHttpClient();
  const secret = secretCache(parts);
  const table = parts.wiring.meetingsTable;
  const shared = overrides.sharedTokens ?? (table ? new DynamoDbTokenStore(parts.dynamoDb(), table) : undefined);
  const tokens = new TokenProvider(
    { get: async (timeoutMs) => zoomCredentials(await secret.get(timeoutMs)), invalidate: () => secret.invalidate() },
    overrides.exchangeToken ?? ((s2s, timeoutMs) => exchangeToken(http, config.oauthTokenUrl, s2s, timeoutMs, clock.now())),
    clock,
    { shared, owner: overrides.containerId ?? randomUUID() },
  );
  const zoom = new ZoomApi({ http, apiBaseUrl: config.apiBaseUrl, bodyEncoding: config.bodyEncoding, now: () => clock.now() });
  return { secret, tokens, zoom };
}

function secretCache(parts: ContainerParts): SecretCache {
  const config = parts.config ?? readConfig(parts.env);
  const readSecret = parts.overrides.readSecret ?? secretsManagerReader(createSecretsManagerClient());
  return new SecretCache(readSecret, config.secretId, parts.clock, parts.overrides.secretTtlMs ?? SECRET_TTL_MS);
}
