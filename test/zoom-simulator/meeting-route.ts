import type { ApiDeps, ApiRequest } from './api-request';
import { meetingResource } from './meeting-resource';
import { MEETING_ID_PATTERN } from './meetings';
import { refusalsFor } from './refusals';
import type { Reply } from './reply';

/** `GET /v2/meetings/{id}` and `GET /v2/webinars/{id}`; a malformed id is a 400 here, not a 300. */
export function handleMeetingGet(request: ApiRequest, deps: ApiDeps): Reply {
  const { kind, id } = request.route;
  const refuse = refusalsFor(kind, 400);
  if (!MEETING_ID_PATTERN.test(id)) return refuse.invalidId();
  const meeting = deps.meetings.lookup(kind, id);
  if (!meeting) return refuse.notFound(id);
  return { status: 200, body: meetingResource(meeting, deps.meetings.status(meeting)) };
}
