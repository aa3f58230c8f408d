import * as path from 'node:path';
import type { Clock } from '../functions/lib/core/clock';
import { createConsoleHandler } from '../functions/lib/handlers/console-handler';
import { createOperatorHandler } from '../functions/lib/handlers/operator-handler';
import type { Services } from '../functions/lib/handlers/services';
import type { LocalHandler } from './local-api';

/** The console's files in the repository: the same folder the stack copies beside its function. */
export const CONSOLE_ASSETS_DIR = path.join(__dirname, '..', 'console');

/** The operator and console functions over the services the other local functions share. */
export function operatorHandlers(services: Services, clock: Clock): { operator: LocalHandler; console: LocalHandler } {
  return {
    operator: createOperatorHandler({ clock, getServices: () => services }),
    console: createConsoleHandler(CONSOLE_ASSETS_DIR),
  };
}
