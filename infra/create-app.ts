import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAppConfig, type AppConfig } from './app-config';
import { readDoorConfig } from './door-config';
import { readSchedulesFromContext } from './schedules';
import { STACK_ID, ZoomLiveStreamStack } from './zoom-live-stream-stack';

export interface CreatedApp {
  readonly app: App;
  readonly config: AppConfig;
  readonly stack: ZoomLiveStreamStack;
}

/**
 * Builds the whole app (context -> typed props -> stack -> cdk-nag) without synthesizing it, so
 * the CLI entry (`infra/app.ts`) and the tests build exactly the same thing.
 */
export function createApp(props: AppProps = {}): CreatedApp {
  const app = new App(props);
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = readAppConfig(context);

  const stack = new ZoomLiveStreamStack(app, STACK_ID, {
    // Environment-agnostic on purpose: synth needs no AWS credentials and no lookups; the CLI's
    // profile/region decides where `npm run deploy` goes.
    secret: config.secret,
    kmsKeyArn: config.kmsKeyArn,
    zoom: config.zoom,
    logLevel: config.logLevel,
    throttle: config.throttle,
    zoomRateLimit: config.zoomRateLimit,
    alarmEmail: config.alarmEmail,
    notificationTopicArn: config.notificationTopicArn,
    schedules: readSchedulesFromContext(context),
    door: readDoorConfig(context),
  });

  // cdk-nag 3 is a policy-validation plugin: an unacknowledged finding fails `cdk synth` and is
  // listed in cdk.out/validation-report.json. verbose: the finding carries its explanation.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, config, stack };
}
