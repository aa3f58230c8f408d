import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The `context` of the repository's cdk.json, read without loading the CDK: the tests build the stack
 * with it (the same feature flags and schedules `cdk synth` sees) and `npm start` lists its schedules.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return { ...cdkJson.context };
}
