import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../core/backoff';
import { systemClock, type Clock } from '../core/clock';
import { readConfig, type Config } from '../core/config';
import { createSecretsManagerClient, SECRET_TTL_MS, SecretCache, secretsManagerReader, type SecretReader } from '../aws/secret-cache';
import { zoomCredentials } from '../zoom/credentials';
import { createHttpClient, REQUEST_TIMEOUT_MS } from '../zoom/http-client';
import { exchangeToken } from '../zoom/oauth-token';
import { TokenProvider } from '../zoom/token-provider';
import { ZoomApi } from '../zoom/zoom-api';
import { POLL_INTERVAL_MS } from '../use-cases/start-job';
import { Pacer } from '../core/pacer';
import { readWiringConfig } from '../core/config';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../aws/aws-call';
import { DynamoDbTokenStore } from '../aws/dynamodb-token-store';
import type { SharedTokenStore } from '../zoom/fleet-token';

type Env = Readonly<Record<string, string | undefined>>;

/** What tests and the local server may replace; everything else comes from the environment. */
export interface RuntimeOptions {
  readonly env?: Env;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Reads the secret; Secrets Manager through the AWS SDK when omitted. */
  readonly readSecret?: SecretReader;
  readonly secretTtlMs?: number;
  readonly requestTimeoutMs?: number;
  /** How often a waiting start reads Zoom's meeting status. @default 10 s */
  readonly pollIntervalMs?: number;
  /** The fleet's shared Zoom token; the meetings table (MEETINGS_TABLE) when omitted, else none. */
  readonly sharedTokens?: SharedTokenStore;
  /** Names this container in shared-token leases. @default a random id */
  readonly containerId?: string;
}

/** Everything an invocation needs that outlives it: clients and caches, one set per container. */
export interface Runtime {
  readonly env: Env;
  readonly config: Config;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  readonly requestTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly secret: SecretCache;
  readonly tokens: TokenProvider;
  readonly zoom: ZoomApi;
  /** Waits for this container's share of the Zoom rate (ZOOM_REQUESTS_PER_SECOND); none when unset. */
  readonly pace?: () => Promise<void>;
  /** The container's one DynamoDB client (MEETINGS_TABLE set): the shared token and the store use it. */
  readonly dynamoDb?: DynamoDBClient;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const env = options.env ?? process.env;
  const config = readConfig(env);
  const clock = options.clock ?? systemClock;
  const http = createHttpClient();
  const readSecret = options.readSecret ?? secretsManagerReader(createSecretsManagerClient());
  const secret = new SecretCache(readSecret, config.secretId, clock, options.secretTtlMs ?? SECRET_TTL_MS);
  const wiring = readWiringConfig(env);
  const dynamoDb = wiring.meetingsTable ? createDynamoDbClient() : undefined;
  const shared = options.sharedTokens ?? (dynamoDb && wiring.meetingsTable ? new DynamoDbTokenStore(dynamoDb, wiring.meetingsTable) : undefined);
  const tokens = new TokenProvider(
    { get: async (timeoutMs) => zoomCredentials(await secret.get(timeoutMs)), invalidate: () => secret.invalidate() },
    (s2s, timeoutMs) => exchangeToken(http, config.oauthTokenUrl, s2s, timeoutMs, clock.now()),
    clock,
    { shared, owner: options.containerId ?? randomUUID() },
  );
  const pacer = wiring.zoomRequestsPerSecond ? new Pacer(clock, wiring.zoomRequestsPerSecond) : undefined;
  const zoom = new ZoomApi({ http, apiBaseUrl: config.apiBaseUrl, bodyEncoding: config.bodyEncoding, now: () => clock.now() });
  return {
    env,
    config,
    clock,
    random: options.random ?? Math.random,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    pollIntervalMs: options.pollIntervalMs ?? POLL_INTERVAL_MS,
    secret,
    tokens,
    zoom,
    ...(pacer ? { pace: () => pacer.take() } : {}),
    ...(dynamoDb ? { dynamoDb } : {}),
  };
}

/**
 * Builds a value on first use rather than at import: a configuration error then becomes a clear
 * 500 answer (and a log line) instead of a failed Lambda init that API Gateway reports as 502.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const lazyRuntime = (options?: RuntimeOptions): (() => Runtime) => lazy(() => createRuntime(options));
