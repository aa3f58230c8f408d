import type { ApiDeps, ApiRequest } from './api-request';
import { validateStreamTarget } from './livestream-config-validation';
import { MEETING_ID_PATTERN } from './meetings';
import { refusalsFor } from './refusals';
import { type Reply, zoomError } from './reply';

const NOT_JSON_OBJECT = 'Request Body should be a valid JSON object.';

/** `GET` and `PATCH /v2/{meetings|webinars}/{id}/livestream`: the custom live streaming target. */
export function handleLiveStreamConfig(request: ApiRequest, deps: ApiDeps): Reply {
  const { kind, id } = request.route;
  const refuse = refusalsFor(kind, deps.settings.invalidIdStatus);
  if (!MEETING_ID_PATTERN.test(id)) return refuse.invalidId();

  if (request.method === 'GET') {
    const meeting = deps.meetings.lookup(kind, id);
    if (!meeting) return refuse.notFound(id);
    const stream = meeting.stream;
    // Zoom answers an unconfigured target with empty strings rather than a refusal.
    return {
      status: 200,
      body: {
        stream_url: stream?.stream_url ?? '',
        stream_key: stream?.stream_key ?? '',
        page_url: stream?.page_url ?? '',
        ...(stream?.resolution ? { resolution: stream.resolution } : {}),
      },
    };
  }

  const body = jsonObject(request);
  if (!body) return zoomError(400, 300, NOT_JSON_OBJECT);
  const validated = validateStreamTarget(body);
  if (!validated.ok) return refuse.validation(validated.errors);
  const meeting = deps.meetings.lookup(kind, id);
  if (!meeting) return refuse.notFound(id);
  if (meeting.streamStatus === 'started') return refuse.settingsWhileLive();
  meeting.stream = validated.target;
  meeting.configUpdates += 1;
  return { status: 204 };
}

function jsonObject(request: ApiRequest): Record<string, unknown> | undefined {
  const mediaType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return undefined;
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
