import * as path from 'node:path';
import { createConsoleHandler } from '../functions/lib/handlers/console-handler';
import { lazy, operatorDeps, type Overrides } from '../functions/lib/handlers/composition-root';
import { createOperatorHandler } from '../functions/lib/handlers/operator-handler';
import type { LocalHandler } from './local-api';

type Env = Readonly<Record<string, string | undefined>>;

/** The console's files in the repository: the same folder the stack copies beside its function. */
export const CONSOLE_ASSETS_DIR = path.join(__dirname, '..', 'console');

/** The operator and console functions over the store and queue the other local functions share (`overrides`). */
export function operatorHandlers(env: Env, overrides: Overrides): { operator: LocalHandler; console: LocalHandler } {
  return {
    operator: createOperatorHandler(lazy(() => operatorDeps(env, overrides))),
    console: createConsoleHandler(CONSOLE_ASSETS_DIR),
  };
}
