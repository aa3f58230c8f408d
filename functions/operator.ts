import { lazy, operatorDeps } from './lib/handlers/composition-root';
import { createOperatorHandler } from './lib/handlers/operator-handler';

/** The operator's lists and retries; reads the table, sends retries to the start queue, never calls Zoom. */
export const handler = createOperatorHandler(lazy(() => operatorDeps(process.env)));
