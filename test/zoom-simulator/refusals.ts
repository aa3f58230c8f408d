import type { FieldError } from './livestream-validation';
import type { MeetingKind } from './meetings';
import { type Reply, zoomError } from './reply';

/** The refusals a meeting or webinar route can answer, in each kind's own wording and statuses. */
export interface Refusals {
  invalidId(): Reply;
  notFound(id: string): Reply;
  /** A start for a meeting that is not running. */
  notStarted(id: string): Reply;
  /** A stop for a meeting that is not running. */
  notInProgress(): Reply;
  noCustomStream(): Reply;
  settingsWhileLive(): Reply;
  /** A `mode` change when nothing streams. */
  streamNotLive(): Reply;
  validation(errors: readonly FieldError[]): Reply;
}

const SETTINGS_WHILE_LIVE = 'Live stream settings can only be updated for a live stream that has been stopped.';

/**
 * Meetings answer with assorted HTTP statuses; Zoom sends every webinar refusal as HTTP 400. The
 * "not started" answer for a meeting is undocumented: it deliberately shares code 3000 with "no
 * custom stream", so a client must read `GET /meetings/{id}` to tell them apart.
 */
export function refusalsFor(kind: MeetingKind, invalidIdStatus: 300 | 400): Refusals {
  const validation = (errors: readonly FieldError[]): Reply => zoomError(400, 300, 'Validation Failed.', { errors });
  const settingsWhileLive = (): Reply => zoomError(400, 4400, SETTINGS_WHILE_LIVE);
  const streamNotLive = (): Reply => zoomError(400, 4400, 'The live stream has not started: only a live stream can change its mode.');
  if (kind === 'webinar') {
    return {
      invalidId: () => zoomError(400, 300, 'Invalid webinar id.'),
      notFound: (id) => zoomError(400, 3001, `Webinar does not exist: ${id}.`),
      notStarted: (id) => zoomError(400, 200, `Webinar ${id} has not started.`),
      notInProgress: () => zoomError(400, 3000, 'The webinar is not in progress.'),
      noCustomStream: () =>
        zoomError(400, 3000, 'Cannot access webinar info. The webinar is not configured with a custom live streaming service.'),
      settingsWhileLive,
      streamNotLive,
      validation,
    };
  }
  return {
    invalidId: () => zoomError(invalidIdStatus, 300, 'Invalid meeting id.'),
    notFound: (id) => zoomError(404, 3001, `Meeting does not exist: ${id}.`),
    notStarted: () => zoomError(400, 3000, 'Cannot access meeting info. The meeting has not started.'),
    notInProgress: () => zoomError(400, 3000, 'The meeting is not in progress.'),
    noCustomStream: () =>
      zoomError(400, 3000, 'Cannot access webinar info. The meeting is not configured with a custom live streaming service.'),
    settingsWhileLive,
    streamNotLive,
    validation,
  };
}
