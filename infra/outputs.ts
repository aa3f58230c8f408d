import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { callerRoutes } from './api-routes';
import type { CatalogueName } from '../functions/lib/handlers/function-catalogue';
import { ROUTES } from '../functions/lib/http/routes';
import type { LiveStreamFunction } from './live-stream-function';
import type { ZoomLiveStreamStack } from './zoom-live-stream-stack';

export interface StackOutputsProps {
  readonly functions: Readonly<Record<CatalogueName, LiveStreamFunction>>;
}

/** The path of the Zoom webhook route: the URL to paste into the Zoom app. */
export const WEBHOOK_PATH = ROUTES.find((route) => route.auth === 'zoom-signature')?.resourcePath ?? '/webhooks/zoom';

/**
 * What a user needs after `npm run deploy`: where to call, what to paste into Zoom, how to get the key
 * and put the secret, and the names of what the local tools and alarms refer to.
 */
export function addStackOutputs(stack: ZoomLiveStreamStack, props: StackOutputsProps): void {
  const output = (id: string, value: string, description?: string) => new CfnOutput(stack, id, { value, description });
  const { api } = stack;

  output('ApiUrl', api.url, 'Base URL of the API (stage prod)');
  output('ConsoleUrl', api.urlForPath('/console'), 'The operator console: open it in a browser and give it the API key (ApiKeyValueCommand prints it)');
  output('WebhookUrl', api.urlForPath(WEBHOOK_PATH), "Paste into the Zoom app's Event Subscription as the event notification endpoint URL (no API key: Zoom's signature is checked)");
  // One URL per meeting path; webinars have the same paths under /webinars/{webinarId}.
  const byPath = new Map<string, string[]>();
  for (const route of ROUTES.filter((candidate) => candidate.targetKind === 'meeting')) {
    byPath.set(route.resourcePath, [...(byPath.get(route.resourcePath) ?? []), `${route.method} (${route.operation})`]);
  }
  for (const [path, methods] of byPath) {
    output(
      `${routeOutputName(path)}RouteUrl`,
      api.urlForPath(path),
      `${methods.join(', ')} with ${stack.apiKey ? 'header x-api-key' : 'SigV4 (execute-api)'}; replace {meetingId}, or use /webinars/{webinarId}/… for a webinar`,
    );
  }

  for (const [name, fn] of Object.entries(props.functions) as Array<[CatalogueName, LiveStreamFunction]>) {
    const pascalName = name.charAt(0).toUpperCase() + name.slice(1);
    output(`${pascalName}FunctionName`, fn.function.functionName);
    if (fn.failureQueue) {
      output(`${pascalName}FunctionFailureQueueUrl`, fn.failureQueue.queueUrl, `Asynchronous invocations of the ${name} function that failed every attempt`);
    }
  }
  output('StartQueueUrl', stack.startQueue.queueUrl, 'Starts waiting for the start worker (scheduled, webhook and meeting-time starts)');
  output('StartFailureQueueUrl', stack.startFailureQueue.queueUrl, 'Starts that failed for good, each with its error; read them after the alarm');
  output('ScheduleDeadLetterQueueUrl', stack.schedules.deadLetterQueue.queueUrl, 'Schedule deliveries EventBridge Scheduler could not make');
  output('MeetingsTableName', stack.meetingsTable.tableName, 'Auto-start registrations; kept by npm run destroy (delete the table by hand to remove them)');
  output('ScheduleGroupName', stack.meetingTimes.groupName, 'EventBridge Scheduler group of the meeting-time starts the functions create');

  output('SecretArn', stack.zoomSecret.secret.secretArn, 'Zoom credentials secret');
  output(
    'PutSecretValueCommand',
    `aws secretsmanager put-secret-value --region ${Aws.REGION} --secret-id ${stack.zoomSecret.secretId} --secret-string file://zoom-credentials.json`,
    'Stores the Zoom credentials JSON ({"accountId","clientId","clientSecret","webhookSecretToken"}) in the secret',
  );
  output('WebhookSecretArn', stack.webhookSecret.secret.secretArn, "The webhook's own secret: webhookSecretToken, previousWebhookSecretToken while changing it, accountId");
  output(
    'PutWebhookSecretValueCommand',
    `aws secretsmanager put-secret-value --region ${Aws.REGION} --secret-id ${stack.webhookSecret.secretId} --secret-string file://zoom-webhook.json`,
    'Stores {"webhookSecretToken","accountId"} (the event subscription\'s Secret Token and the Zoom account id) in the webhook secret',
  );
  if (stack.apiKey) {
    output('ApiKeyId', stack.apiKey.keyId);
    output(
      'ApiKeyValueCommand',
      `aws apigateway get-api-key --region ${Aws.REGION} --api-key ${stack.apiKey.keyId} --include-value --query value --output text`,
      'Prints the x-api-key value',
    );
  } else {
    output('CallerPolicyStatement', Stack.of(stack).toJsonString(callerPolicyStatement(stack)), 'The IAM policy statement a caller needs to call the API with SigV4');
  }
}

/** `execute-api:Invoke` on every route a SigV4 caller may call, path parameters as `*`. */
export function callerPolicyStatement(stack: ZoomLiveStreamStack): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Action: 'execute-api:Invoke',
    Resource: callerRoutes().map((route) => stack.api.arnForExecuteApi(route.method, route.resourcePath.replace(/\{\w+\}/g, '*'), stack.api.deploymentStage.stageName)),
  };
}

/** `/meetings/{meetingId}/livestream/auto-start` -> `AutoStart`; the bare live stream path -> `LiveStream`. */
function routeOutputName(path: string): string {
  const last = path.split('/').pop() ?? '';
  const words = last === 'livestream' ? ['live', 'stream'] : last.split('-');
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
