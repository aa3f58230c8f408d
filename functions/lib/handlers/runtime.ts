import { DEFAULT_BACKOFF, type BackoffPolicy } from '../core/backoff';
import { systemClock, type Clock } from '../core/clock';
import { readConfig, type Config } from '../core/config';
import {
  CredentialsCache,
  SECRET_TTL_MS,
  createSecretsManagerClient,
  secretsManagerReader,
  type SecretReader,
} from '../aws/secret-cache';
import { REQUEST_TIMEOUT_MS, createHttpClient } from '../zoom/http-client';
import { exchangeToken } from '../zoom/oauth-token';
import { TokenProvider } from '../zoom/token-provider';
import { ZoomClient } from '../zoom/live-stream-api';

/** What tests and the local server may replace; everything else comes from the environment. */
export interface RuntimeOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Reads the secret; Secrets Manager through the AWS SDK when omitted. */
  readonly readSecret?: SecretReader;
  readonly secretTtlMs?: number;
  readonly requestTimeoutMs?: number;
}

/** Everything an invocation needs that outlives it: clients and caches, one set per container. */
export interface Runtime {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  readonly requestTimeoutMs: number;
  readonly credentials: CredentialsCache;
  readonly tokens: TokenProvider;
  readonly zoom: ZoomClient;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const config = readConfig(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const http = createHttpClient();
  const readSecret = options.readSecret ?? secretsManagerReader(createSecretsManagerClient());
  const credentials = new CredentialsCache(readSecret, config.secretId, clock, options.secretTtlMs ?? SECRET_TTL_MS);
  const tokens = new TokenProvider(
    credentials,
    (s2s, timeoutMs) => exchangeToken(http, config.oauthTokenUrl, s2s, timeoutMs, clock.now()),
    clock,
  );
  const zoom = new ZoomClient({ http, apiBaseUrl: config.apiBaseUrl, bodyEncoding: config.bodyEncoding, now: () => clock.now() });
  return {
    config,
    clock,
    random: options.random ?? Math.random,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    credentials,
    tokens,
    zoom,
  };
}

/**
 * Builds the runtime on first use rather than at import: a configuration error then becomes a
 * clear 500 answer (and a log line) instead of a failed Lambda init that API Gateway reports as 502.
 */
export function lazyRuntime(options?: RuntimeOptions): () => Runtime {
  let runtime: Runtime | undefined;
  return () => (runtime ??= createRuntime(options));
}
