import { Logger } from '@aws-lambda-powertools/logger';
import { redact } from './redaction';

export { redact, registerSecret } from './redaction';

/** One JSON line per record; LOG_LEVEL is read by Powertools itself (checked in config.ts). */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'zoom-livestream',
  jsonReplacerFn: redact,
});
