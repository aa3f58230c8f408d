import type { ApiDeps, ApiRequest } from './api-request';
import { decodeLiveStreamBody } from './livestream-body';
import { validateLiveStreamCommand } from './livestream-validation';
import { MEETING_ID_PATTERN } from './meetings';
import { refusalsFor } from './refusals';
import { type Reply, zoomError } from './reply';
import type { RecordedRequest } from './types';

/**
 * `PATCH /v2/{meetings|webinars}/{id}/livestream/status`, after the token, rate and scope checks,
 * checked in the order Zoom answers.
 */
export function handleLiveStreamStatus(request: ApiRequest, deps: ApiDeps, record: RecordedRequest): Reply {
  const { kind, id } = request.route;
  const refuse = refusalsFor(kind, deps.settings.invalidIdStatus);
  if (!MEETING_ID_PATTERN.test(id)) return refuse.invalidId();

  const decoded = decodeLiveStreamBody(request.contentType, request.body);
  if (!decoded.ok) {
    const errors = decoded.field ? { errors: [{ field: decoded.field, message: 'Invalid field.' }] } : undefined;
    return zoomError(400, 300, decoded.message, errors);
  }
  record.parsed = decoded.parsed;
  const command = validateLiveStreamCommand(decoded.parsed, kind === 'webinar');
  if (!command.ok) return refuse.validation(command.errors);

  const meeting = deps.meetings.lookup(kind, id);
  if (!meeting) return refuse.notFound(id);
  const running = deps.meetings.status(meeting) === 'started';
  if (command.action === 'start' && !running) return refuse.notStarted(id);
  if (command.action === 'stop' && !running) return refuse.notInProgress();
  if (!meeting.stream) return refuse.noCustomStream();

  const now = deps.now();
  if (command.action === 'mode') {
    // Zoom changes the view of a stream that is live, and refuses it otherwise.
    if (meeting.streamStatus !== 'started') return refuse.streamNotLive();
    meeting.modes += 1;
    if (command.settings) meeting.settings = { ...meeting.settings, ...command.settings };
    return { status: 204 };
  }
  if (command.action === 'stop') {
    meeting.streamStatus = 'stopped';
    meeting.stops += 1;
    deps.lifecycle.streamChanged(meeting, 'stop');
    return { status: 204 };
  }

  // Zoom throttles starts per meeting, whether or not the earlier start is still streaming.
  const { repeatedStartWindowMs, repeatedStartRetryAfter } = deps.settings;
  if (meeting.lastStartAt !== undefined && now - meeting.lastStartAt < repeatedStartWindowMs) {
    const secondsLeft = Math.ceil((repeatedStartWindowMs - (now - meeting.lastStartAt)) / 1000);
    const reply = zoomError(
      429,
      429,
      `Too many requests submitted to start the live stream of this ${kind}: ${id}. ` +
        'If the live stream has not already started, retry making a new request after 30 seconds.',
    );
    return repeatedStartRetryAfter ? { ...reply, headers: { 'retry-after': String(secondsLeft) } } : reply;
  }
  // A start without settings on a live stream is a harmless repeat; new settings need a stopped stream.
  if (meeting.streamStatus === 'started' && command.settings) return refuse.settingsWhileLive();
  meeting.streamStatus = 'started';
  meeting.lastStartAt = now;
  meeting.starts += 1;
  if (command.settings) meeting.settings = { ...command.settings };
  else delete meeting.settings;
  deps.lifecycle.streamChanged(meeting, 'start');
  return { status: 204 };
}
