import { lazy, liveStreamDeps } from './lib/handlers/composition-root';
import { createLiveStreamHandler } from './lib/handlers/live-stream-handler';

/** Stops a live stream, noting the stop so that keep-alive leaves it stopped. */
export const handler = createLiveStreamHandler('stop', lazy(() => liveStreamDeps(process.env)));
