import { createLiveStreamHandler } from './lib/handlers/live-stream-handler';
import { lazyRuntime } from './lib/handlers/runtime';

export const handler = createLiveStreamHandler('stop', { getRuntime: lazyRuntime() });
