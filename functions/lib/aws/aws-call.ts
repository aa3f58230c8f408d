import { AwsThrottledError, AwsUnavailableError, ConfigurationError } from '../core/errors';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Upper bound for one AWS call; the invocation's remaining budget may make it shorter. */
export const AWS_REQUEST_TIMEOUT_MS = 3000;

/**
 * SDK client options shared by every AWS client of the functions: few attempts and short socket
 * timeouts, since the caller's own deadline (an abort signal) bounds the whole call anyway.
 */
export const AWS_CLIENT_OPTIONS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 2500 },
} as const;

/**
 * Failures no retry can fix: missing or refused credentials, a policy that does not allow the call,
 * a resource that does not exist. They are answered at once as configuration errors.
 */
const PERMANENT = new Set([
  'CredentialsProviderError',
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'ResourceNotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NonExistentQueue',
  'ValidationException',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidRequestException',
  'DecryptionFailure',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSNotFoundException',
]);

/** The names AWS services give a throttled call (the SDK's own list of throttling codes). */
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** Explains a permanent failure in the caller's terms (which variable or permission to check). */
export type DescribePermanent = (name: string) => string | undefined;

/**
 * One AWS SDK call bounded by `timeoutMs` through an abort signal. The SDK's own request timeout
 * only covers an idle socket between its retries; a server that accepts the connection and never
 * answers would otherwise hold the invocation until Lambda kills it.
 */
export async function awsCall<T>(
  what: string,
  timeoutMs: number | undefined,
  send: (abortSignal: AbortSignal) => Promise<T>,
  describePermanent?: DescribePermanent,
): Promise<T> {
  if (timeoutMs === undefined) throw new AwsUnavailableError(`${what}: the time budget ran out before AWS answered`);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await send(signal);
  } catch (error) {
    const name = errorName(error);
    if (signal.aborted || name === 'AbortError' || name === 'TimeoutError') {
      throw new AwsUnavailableError(`${what} got no answer within ${timeoutMs} ms`);
    }
    // The SDK names this one only in its message; no retry finds a region.
    if (error instanceof Error && error.message === 'Region is missing') {
      throw new ConfigurationError(`${what} failed: no AWS region is set (AWS_REGION)`);
    }
    if (PERMANENT.has(name)) {
      throw new ConfigurationError(`${what} failed: ${describePermanent?.(name) ?? name}`);
    }
    if (THROTTLED.has(name) || httpStatus(error) === 429) throw new AwsThrottledError(`${what} was throttled (${name})`);
    throw new AwsUnavailableError(`${what} failed (${name})`);
  }
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    // The SDK puts the service's error code in `name`; some query-protocol services use `Code`.
    const code = (error as { Code?: unknown }).Code;
    return typeof code === 'string' && error.name === 'Error' ? code : error.name;
  }
  return 'UnknownError';
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/**
 * A DynamoDB write whose condition may not hold: resolves undefined when DynamoDB refused the
 * condition (someone else's claim, lease or newer state), so the caller decides what that means;
 * any other failure passes through.
 */
export async function unlessConditionFails<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient(AWS_CLIENT_OPTIONS);
}
