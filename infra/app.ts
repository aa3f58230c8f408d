#!/usr/bin/env node
/**
 * CDK entry point (`cdk.json` runs it with tsx). Context keys: see `infra/app-config.ts`
 * (`secretName` | `secretArn`, `kmsKeyArn`, `alarmEmail` | `notificationTopicArn`, `zoom*`, `logLevel`,
 * `api*Limit`, `schedules` | `schedulesFile`) and `infra/door-config.ts` (`callerAuth`,
 * `webhookSecretName` | `webhookSecretArn`, `webhook*` limits and WAF, `streamHosts`).
 */
import { createApp } from './create-app';

try {
  createApp().app.synth();
} catch (error) {
  // A context mistake is the user's to fix: one line naming the key, not a stack trace.
  if (error instanceof Error && ['ContextError', 'ScheduleConfigError'].includes(error.name)) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
