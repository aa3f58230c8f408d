import { createMeetingsHandler } from './lib/handlers/meetings-handler';
import { meetingTimesHooks } from './lib/handlers/meeting-times-wiring';
import { lazyRuntime } from './lib/handlers/runtime';
import { wireServices } from './lib/handlers/wiring';

/** Auto-start registrations, stream state and stream configuration of meetings and webinars. */
export const handler = createMeetingsHandler({ getRuntime: lazyRuntime(), getServices: (runtime) => wireServices(runtime, undefined, meetingTimesHooks(runtime)) });
