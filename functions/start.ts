import { createHandler } from './lib/handler';

export const handler = createHandler('start');
