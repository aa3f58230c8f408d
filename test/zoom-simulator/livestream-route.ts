import { decodeLiveStreamBody } from './livestream-body';
import { validateLiveStreamCommand } from './livestream-validation';
import { MEETING_ID_PATTERN, type MeetingBook } from './meetings';
import { EXPIRED_TOKEN, INVALID_TOKEN, type Reply, zoomError } from './reply';
import type { TokenStore } from './token-store';
import type { RecordedRequest } from './types';

export interface LiveStreamRouteDeps {
  readonly tokens: TokenStore;
  readonly meetings: MeetingBook;
  readonly now: () => number;
  readonly repeatedStartWindowMs: number;
  readonly repeatedStartRetryAfter: boolean;
}

export interface LiveStreamRequest {
  readonly method: string;
  readonly meetingId: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** `PATCH /v2/meetings/{meetingId}/livestream/status`, checked in the order Zoom answers. */
export function handleLiveStreamStatus(
  request: LiveStreamRequest,
  deps: LiveStreamRouteDeps,
  record: RecordedRequest,
): Reply {
  if (request.method !== 'PATCH') return zoomError(405, 405, 'Method Not Allowed.');

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
  const tokenCheck = deps.tokens.check(bearer);
  if (tokenCheck === 'expired') return EXPIRED_TOKEN;
  if (tokenCheck !== 'valid') return INVALID_TOKEN;
  record.authorized = true;

  const { meetingId } = request;
  if (!MEETING_ID_PATTERN.test(meetingId)) return zoomError(300, 300, 'Invalid meeting id.');

  const decoded = decodeLiveStreamBody(request.contentType, request.body);
  if (!decoded.ok) {
    const errors = decoded.field ? { errors: [{ field: decoded.field, message: 'Invalid field.' }] } : undefined;
    return zoomError(400, 300, decoded.message, errors);
  }
  record.parsed = decoded.parsed;
  const command = validateLiveStreamCommand(decoded.parsed);
  if (!command.ok) return zoomError(400, 300, 'Validation Failed.', { errors: command.errors });

  const meeting = deps.meetings.find(meetingId);
  if (!meeting) return zoomError(404, 3001, `Meeting does not exist: ${meetingId}.`);
  if (!meeting.streamConfigured) {
    return zoomError(
      400,
      3000,
      'Cannot access webinar info. The meeting is not configured with a custom live streaming service.',
    );
  }

  const now = deps.now();
  if (command.action === 'stop') {
    meeting.status = 'stopped';
    meeting.stops += 1;
    return { status: 204 };
  }

  // Zoom throttles starts per meeting, whether or not the earlier start is still streaming.
  if (meeting.lastStartAt !== undefined && now - meeting.lastStartAt < deps.repeatedStartWindowMs) {
    const secondsLeft = Math.ceil((deps.repeatedStartWindowMs - (now - meeting.lastStartAt)) / 1000);
    const reply = zoomError(
      429,
      429,
      `Too many requests submitted to start the live stream of this meeting: ${meetingId}. ` +
        'If the live stream has not already started, retry making a new request after 30 seconds.',
    );
    return deps.repeatedStartRetryAfter ? { ...reply, headers: { 'retry-after': String(secondsLeft) } } : reply;
  }
  meeting.status = 'started';
  meeting.lastStartAt = now;
  meeting.starts += 1;
  if (command.settings) meeting.settings = { ...command.settings };
  else delete meeting.settings;
  return { status: 204 };
}
