import { createHandler } from './lib/handlers/live-stream-handler';

export const handler = createHandler('start');
