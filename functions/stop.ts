import { createLiveStreamHandler } from './lib/handlers/live-stream-handler';
import { lazyRuntime } from './lib/handlers/runtime';
import { wireServices } from './lib/handlers/wiring';

export const handler = createLiveStreamHandler('stop', { getRuntime: lazyRuntime(), getServices: (runtime) => wireServices(runtime) });
