import { lazy, meetingsDeps } from './lib/handlers/composition-root';
import { createMeetingsHandler } from './lib/handlers/meetings-handler';

/** Auto-start registrations, stream state and stream configuration of meetings and webinars. */
export const handler = createMeetingsHandler(lazy(() => meetingsDeps(process.env)));
