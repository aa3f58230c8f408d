import { systemClock } from './lib/core/clock';
import { createOperatorHandler } from './lib/handlers/operator-handler';
import { servicesFromEnv, type Services } from './lib/handlers/services';

let services: Services | undefined;

/** The operator's lists and retries; reads the table, sends retries to the start queue, never calls Zoom. */
export const handler = createOperatorHandler({ clock: systemClock, getServices: () => (services ??= servicesFromEnv(process.env, systemClock)) });
