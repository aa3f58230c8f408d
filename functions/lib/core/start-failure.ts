import { describeTarget, type LiveStreamSettings, type LiveStreamTarget } from './target';

/** How long a failure stays listed (the table's TTL removes it after), as long as SQS keeps a message. */
export const FAILURE_RETENTION_DAYS = 14;

/**
 * A start job that ended failed (parked by the worker, or out of deliveries): what the operator
 * lists, is notified of, and may retry. One per job: the id is derived from the job's, so a second
 * delivery of the same failing message finds it recorded and notifies nobody again.
 */
export interface StartFailure {
  readonly failureId: string;
  readonly target: LiveStreamTarget;
  /** The failed job's origin (schedule, webhook, meeting-time, retry, …). */
  readonly origin: string;
  readonly code: string;
  readonly message: string;
  /** Epoch ms. */
  readonly failedAt: number;
  /** Deliveries of the job's message when it failed. */
  readonly attempts: number;
  /** What a retry starts with: the job's settings and the length of its start window. */
  readonly settings?: LiveStreamSettings;
  readonly windowMinutes: number;
  /** The last retry of it, when there was one. */
  readonly retry?: FailureRetry;
}

export interface FailureRetry {
  readonly jobId: string;
  /** Epoch ms it was queued. */
  readonly at: number;
  /** Epoch ms its start window closes: after that it is no longer pending, whatever happened. */
  readonly windowEndsAt: number;
}

/** Failure ids are the failed job's id made safe for a path segment and a sort key. */
export function failureIdOf(jobId: string): string {
  return jobId.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128);
}

/**
 * Whether the failure's last retry is still under way: queued, and its start neither settled (the
 * target's claim by that job is done or failed) nor past its window.
 */
export function retryIsPending(failure: StartFailure, claim: { readonly jobId: string; readonly state: string } | undefined, now: number): boolean {
  const retry = failure.retry;
  if (!retry || now > retry.windowEndsAt) return false;
  return !(claim?.jobId === retry.jobId && claim.state !== 'pending');
}

/** What an operator can do about each failure code, for the notice and the console. */
const WHAT_TO_DO: Readonly<Record<string, string>> = {
  MEETING_NOT_STARTED: 'The meeting had not started within the start window. Retry once the host has started it.',
  MEETING_NOT_FOUND: 'Zoom does not know this meeting (deleted, or a wrong id). Check the id; remove its registration if it is gone.',
  STREAM_NOT_CONFIGURED: 'The meeting has no custom live stream set up. Configure it (PUT …/livestream), then retry.',
  ZOOM_REJECTED: 'Zoom refused the start. Read the message, fix the meeting in Zoom, then retry.',
  CONFIGURATION_ERROR: "The system's own configuration (secret, scopes, permissions) is wrong. Fix it, then retry.",
  RATE_LIMITED: 'Zoom kept rate limiting every attempt. Retry when fewer starts run at once.',
  ZOOM_UNAVAILABLE: 'Zoom did not answer on any attempt. Retry when Zoom is reachable again.',
  INVALID_REQUEST: 'The start job itself was malformed. Check the schedule or event that sent it.',
};

export const whatToDo = (code: string): string => WHAT_TO_DO[code] ?? 'Read the function log for this job, then retry.';

/** The notification of one failure: the target, the code, the message, and what to do. */
export function failureNotice(failure: StartFailure): { subject: string; message: string } {
  const target = describeTarget(failure.target);
  return {
    // SNS subjects: at most 100 printable ASCII characters.
    subject: `Live stream start failed: ${target} (${failure.code})`.slice(0, 100),
    message: [
      `The live stream of ${target} did not start.`,
      '',
      `Code: ${failure.code}`,
      `Message: ${failure.message}`,
      `Origin: ${failure.origin}, after ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}, at ${new Date(failure.failedAt).toISOString()}`,
      `Failure id: ${failure.failureId}`,
      '',
      `What to do: ${whatToDo(failure.code)}`,
      `Retry from the console (GET /console) or: POST /failures/${failure.failureId}/retry`,
    ].join('\n'),
  };
}
