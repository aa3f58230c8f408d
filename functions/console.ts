import * as path from 'node:path';
import { createConsoleHandler } from './lib/handlers/console-handler';

/** The operator console's files, copied beside the bundle (infra/live-stream-function.ts `assets`). */
export const handler = createConsoleHandler(path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'console'));
