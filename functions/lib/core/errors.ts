import { scrub } from './redaction';

/**
 * The contract's error codes as named error classes. `name` is the contract code so that a thrown
 * error on an asynchronous path (schedule, EventBridge) is recognisable in Lambda's failure records
 * and dead-letter queues, and so that one mapping turns any of them into an HTTP answer.
 */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_SIGNATURE'
  | 'MEETING_NOT_FOUND'
  | 'MEETING_NOT_STARTED'
  | 'STREAM_NOT_CONFIGURED'
  | 'ZOOM_REJECTED'
  | 'RATE_LIMITED'
  | 'CONFIGURATION_ERROR'
  | 'ZOOM_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'PAYLOAD_TOO_LARGE';

/** What Zoom told us about a refusal; carried so the caller can quote it to Zoom support. */
export interface ZoomDetail {
  readonly zoomStatus?: number;
  readonly zoomCode?: number;
  readonly zoomMessage?: string;
  readonly zoomTrackingId?: string;
}

export abstract class LiveStreamError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly httpStatus: number;
  /** Whether trying again later in the same invocation may succeed. */
  readonly retryable: boolean = false;

  constructor(
    message: string,
    readonly zoom: ZoomDetail = {},
  ) {
    // Messages reach callers, logs and Lambda's own error records: never with a secret in them.
    super(scrub(message));
  }
}

export class InvalidRequestError extends LiveStreamError {
  override readonly name = 'INVALID_REQUEST';
  readonly code = 'INVALID_REQUEST';
  readonly httpStatus = 400;
}

/** A Zoom webhook whose signature or timestamp does not check out; nothing else is looked at. */
export class InvalidSignatureError extends LiveStreamError {
  override readonly name = 'INVALID_SIGNATURE';
  readonly code = 'INVALID_SIGNATURE';
  readonly httpStatus = 401;
}

export class MeetingNotFoundError extends LiveStreamError {
  override readonly name = 'MEETING_NOT_FOUND';
  readonly code = 'MEETING_NOT_FOUND';
  readonly httpStatus = 404;
}

/** Zoom refused a start and reports the meeting as not running (status `waiting`). */
export class MeetingNotStartedError extends LiveStreamError {
  override readonly name = 'MEETING_NOT_STARTED';
  readonly code = 'MEETING_NOT_STARTED';
  readonly httpStatus = 409;
}

/** Zoom refused a start of a running meeting with code 3000: no custom live stream is set up. */
export class StreamNotConfiguredError extends LiveStreamError {
  override readonly name = 'STREAM_NOT_CONFIGURED';
  readonly code = 'STREAM_NOT_CONFIGURED';
  readonly httpStatus = 409;
}

export class ZoomRejectedError extends LiveStreamError {
  override readonly name = 'ZOOM_REJECTED';
  readonly code = 'ZOOM_REJECTED';
  readonly httpStatus = 422;
}

export class RateLimitedError extends LiveStreamError {
  override readonly name = 'RATE_LIMITED';
  readonly code = 'RATE_LIMITED';
  readonly httpStatus = 429;
  override readonly retryable = true;

  constructor(
    message: string,
    zoom: ZoomDetail,
    /** How long Zoom asked us to wait, when it said so (header or message). */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, zoom);
  }
}

/** Something of this system's own (a recorded failure) that the id does not name. */
export class NotFoundError extends LiveStreamError {
  override readonly name = 'NOT_FOUND';
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
}

/** The request collides with one already under way (a retry of a failure whose retry is pending). */
export class ConflictError extends LiveStreamError {
  override readonly name = 'CONFLICT';
  readonly code = 'CONFLICT';
  readonly httpStatus = 409;
}

/** A body larger than the route takes; refused before anything else is done with it. */
export class PayloadTooLargeError extends LiveStreamError {
  override readonly name = 'PAYLOAD_TOO_LARGE';
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly httpStatus = 413;
}

/**
 * The function cannot work as configured. The message names what to fix (a variable, a secret and
 * its missing keys, a permission) for the log; an HTTP caller gets a generic answer with the
 * request id unless `disclosable`, since those names say more about the internals than a caller
 * should see.
 */
export class ConfigurationError extends LiveStreamError {
  override readonly name: string = 'CONFIGURATION_ERROR';
  readonly code: 'CONFIGURATION_ERROR' | 'SERVICE_UNAVAILABLE' = 'CONFIGURATION_ERROR';
  readonly httpStatus: number = 500;
  /** Whether the message may be shown to the caller as it is (it names nothing internal). */
  readonly disclosable: boolean = false;
}

/** An AWS service did not answer (unreachable, too slow): worth another try within the budget. */
export class AwsUnavailableError extends ConfigurationError {
  override readonly retryable = true;
}

/**
 * An AWS service throttled the function: a 503 with Retry-After for an HTTP caller, retried on the
 * asynchronous paths like any unavailability (it is one, for the code that handles those).
 */
export class AwsThrottledError extends AwsUnavailableError {
  override readonly name = 'SERVICE_UNAVAILABLE';
  override readonly code = 'SERVICE_UNAVAILABLE';
  override readonly httpStatus = 503;
  /** What an HTTP caller is told to wait. */
  readonly retryAfterSeconds = 1;
}

/** Zoom refused the app's credentials: the caller may read Zoom's reason, which names nothing internal. */
export class ZoomRefusedCredentialsError extends ConfigurationError {
  override readonly disclosable = true;
}

/** The app's token lacks a scope the call needs (Zoom codes 4700 and 4711); a new token will not have it either. */
export class MissingScopeError extends ZoomRefusedCredentialsError {
  constructor(
    readonly scopes: readonly string[],
    zoom: ZoomDetail,
  ) {
    super(
      `the Zoom app lacks the scope${scopes.length === 1 ? '' : 's'} ${scopes.length ? scopes.join(', ') : 'this call needs'} (Zoom code ${zoom.zoomCode ?? 'none'}): add ${scopes.length === 1 ? 'it' : 'them'} to the Server-to-Server app in the Zoom App Marketplace`,
      zoom,
    );
  }
}

export class ZoomUnavailableError extends LiveStreamError {
  override readonly name = 'ZOOM_UNAVAILABLE';
  readonly code = 'ZOOM_UNAVAILABLE';
  readonly httpStatus = 502;
  override readonly retryable = true;

  constructor(
    message: string,
    zoom: ZoomDetail = {},
    /**
     * Whether Zoom may have received and applied the request although no answer says so (a timeout,
     * a dropped connection, a 5xx). A refused connection or a request never sent is not ambiguous.
     */
    readonly mayHaveApplied = false,
  ) {
    super(message, zoom);
  }
}

/**
 * Zoom refused the bearer token (401, code 124). Internal: the use case answers it with one token
 * refresh and one retry, and turns a second refusal into a ConfigurationError.
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejected';

  constructor(readonly zoom: ZoomDetail) {
    super(`Zoom rejected the access token (${zoom.zoomCode ?? 'no code'}: ${zoom.zoomMessage ?? 'no message'})`);
  }
}
