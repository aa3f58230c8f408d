import { lazy, liveStreamDeps } from './lib/handlers/composition-root';
import { createLiveStreamHandler } from './lib/handlers/live-stream-handler';

/** Starts a live stream: API requests, and direct or scheduled invocations that wait for the meeting. */
export const handler = createLiveStreamHandler('start', lazy(() => liveStreamDeps(process.env)));
