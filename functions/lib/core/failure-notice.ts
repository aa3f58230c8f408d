import type { StartFailure } from './start-failure';
import { describeTarget } from './target';

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
