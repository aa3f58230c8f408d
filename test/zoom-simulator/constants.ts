import type { SimulatorAccount } from './types';

/**
 * The default S2S app the simulator accepts. Fake values, public on purpose: tests and `npm start`'s
 * embedded secret use them.
 */
export const SIMULATOR_CREDENTIALS: SimulatorAccount = Object.freeze({
  accountId: 'simAccount0001',
  clientId: 'simClientId0001',
  clientSecret: 'simClientSecret0001',
});

/** A well-formed 11-digit meeting id for examples and tests. */
export const SIMULATOR_MEETING_ID = '85746065432';

/**
 * Embedded mode's demo of a scheduled meeting: type 2, starting (status `waiting` until then) at
 * start-up + 2 minutes rounded up to the minute, 30 minutes, Europe/Berlin, no stream configured.
 */
export const SIMULATOR_SCHEDULED_MEETING_ID = '81234567890';

/** Embedded mode's webinar: running, with a configured stream (webinar ids do not come into being by themselves). */
export const SIMULATOR_WEBINAR_ID = '98765432101';

/** Embedded mode's per-second limit: Zoom's Pro plan. */
export const EMBEDDED_LIGHT_RATE_LIMIT = 30;
