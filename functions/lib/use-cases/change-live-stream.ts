import {
  ConfigurationError,
  MeetingNotFoundError,
  MeetingNotStartedError,
  StreamNotConfiguredError,
  ZoomRejectedError,
  type LiveStreamError,
} from '../core/errors';
import { describeTarget, type LiveStreamCommand, type LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import { isRepeatedStartRefusal } from '../zoom/zoom-errors';
import type { ZoomMeeting } from '../zoom/meeting';
import type { ZoomApi } from '../zoom/zoom-api';
import { callZoom, type ZoomCallDeps } from '../zoom/zoom-call';
import { newProgress, type Progress } from '../core/logger';

export interface ChangeLiveStreamDeps extends ZoomCallDeps {
  readonly zoom: ZoomApi;
}

/** How a start or stop ended when it did not fail. */
export interface ChangeOutcome {
  readonly status: 'ok';
  /** A retried start met Zoom's 30-second rule after an attempt that may have worked: probably live. */
  readonly unconfirmed?: true;
  /** Why nothing needed doing, e.g. `meeting not running` for a stop. */
  readonly note?: string;
}

export const NOTE_NOT_RUNNING = 'meeting not running';

/** Zoom's code for "no custom live streaming service is configured". */
const CODE_NOT_CONFIGURED = 3000;
/** Zoom's webinar code for "Webinar … has not started" (webinars report no status to read). */
const CODE_WEBINAR_NOT_STARTED = 200;

/**
 * Makes Zoom start or stop a live stream, and tells the truth when Zoom refuses: a refusal is read
 * against the meeting's status (Zoom's codes do not say whether a meeting runs), so that a start of
 * a meeting that has not begun, a stream that is not configured, and a stop of a meeting that is not
 * running each get their own answer.
 */
export async function changeLiveStream(
  command: LiveStreamCommand,
  budget: TimeBudget,
  deps: ChangeLiveStreamDeps,
  progress: Progress = newProgress(),
): Promise<ChangeOutcome> {
  try {
    return await callZoom(
      async (token, timeoutMs): Promise<ChangeOutcome> => {
        // Zoom's answer (204 and its tracking id) goes to the log line, as a refusal's would.
        progress.zoom = await deps.zoom.updateLiveStreamStatus(command, token, timeoutMs);
        return { status: 'ok' };
      },
      budget,
      deps,
      progress,
      (error, sofar) =>
        // An earlier attempt timed out or dropped after Zoom may have started the stream; this
        // refusal then most likely means it did, and a caller told RATE_LIMITED would start it again.
        command.action === 'start' && sofar.mayHaveApplied && isRepeatedStartRefusal(error) ? { status: 'ok', unconfirmed: true } : undefined,
    );
  } catch (error) {
    if (command.action === 'stop' && error instanceof MeetingNotFoundError && error.zoom.zoomCode === 3001) {
      return { status: 'ok', note: NOTE_NOT_RUNNING };
    }
    if (!(error instanceof ZoomRejectedError)) throw error;
    const running = command.target.kind === 'webinar' ? webinarRuns(command, error) : await meetingRuns(command.target, budget, deps);
    if (running instanceof MeetingNotFoundError) {
      // Zoom no longer has the meeting: nothing streams, and a start's truthful answer is that it is gone.
      if (command.action === 'stop') return { status: 'ok', note: NOTE_NOT_RUNNING };
      throw running;
    }
    if (command.action === 'stop') {
      if (running === false) return { status: 'ok', note: NOTE_NOT_RUNNING };
      throw error;
    }
    if (command.action === 'mode') {
      // Zoom changes the view of a live stream only: its own refusal says why when the meeting runs.
      if (running === false) throw new MeetingNotStartedError(`${describeTarget(command.target)} has not started: there is no stream to change`, error.zoom);
      throw error;
    }
    throw explainRefusedStart(command.target, error, running);
  }
}

/**
 * Whether Zoom reports the meeting as running: true, false, undefined when it cannot be told, or
 * Zoom's own "does not exist" when the meeting is gone. Another failed read leaves Zoom's refusal
 * as the answer, except when the app lacks the scope to read, which is the thing to fix.
 */
async function meetingRuns(
  target: LiveStreamTarget,
  budget: TimeBudget,
  deps: ChangeLiveStreamDeps,
): Promise<boolean | undefined | MeetingNotFoundError> {
  let meeting: ZoomMeeting;
  try {
    meeting = await callZoom((token, timeoutMs) => deps.zoom.getMeeting(target, token, timeoutMs), budget, deps);
  } catch (error) {
    if (error instanceof MeetingNotFoundError) return error;
    if (error instanceof ConfigurationError) throw error;
    return undefined;
  }
  if (meeting.status === 'started') return true;
  if (meeting.status === 'waiting') return false;
  return undefined;
}

/**
 * Webinars have no status to read, but Zoom's webinar codes are specific: 200 is "has not started";
 * 3000 refuses a start of a running webinar without a custom stream, and a stop when nothing streams.
 */
function webinarRuns(command: LiveStreamCommand, refusal: LiveStreamError): boolean | undefined {
  const code = refusal.zoom.zoomCode;
  if (code === CODE_WEBINAR_NOT_STARTED) return false;
  if (code === CODE_NOT_CONFIGURED) return command.action === 'start';
  return undefined;
}

function explainRefusedStart(target: LiveStreamTarget, refusal: ZoomRejectedError, running: boolean | undefined): LiveStreamError {
  const label = describeTarget(target);
  if (running === false) {
    return new MeetingNotStartedError(`${label} has not started: Zoom streams only a running ${target.kind}`, refusal.zoom);
  }
  if (running === true && refusal.zoom.zoomCode === CODE_NOT_CONFIGURED) {
    return new StreamNotConfiguredError(
      `${label} has no custom live stream configured: PUT /${target.kind}s/${target.id}/livestream with stream_url, stream_key and page_url ` +
        "(or set it in Zoom's web portal: the meeting's Live Streaming settings), and allow custom live streaming for the account",
      refusal.zoom,
    );
  }
  return refusal;
}
