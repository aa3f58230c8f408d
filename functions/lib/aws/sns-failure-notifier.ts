import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { failureNotice, type StartFailure } from '../core/start-failure';
import type { TimeBudget } from '../core/time-budget';
import { AWS_CLIENT_OPTIONS, AWS_REQUEST_TIMEOUT_MS, awsCall } from './aws-call';
import type { FailureNotifier } from '../use-cases/ports';

export function createSnsClient(): SNSClient {
  return new SNSClient(AWS_CLIENT_OPTIONS);
}

/** Publishes each failure to the topic `FAILURE_TOPIC_ARN` names (e-mail, AWS Chatbot, anything subscribed). */
export class SnsFailureNotifier implements FailureNotifier {
  constructor(
    private readonly client: SNSClient,
    readonly topicArn: string,
  ) {}

  async notify(failure: StartFailure, budget: TimeBudget): Promise<void> {
    const notice = failureNotice(failure);
    await awsCall(`publishing to topic ${this.topicArn}`, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), (abortSignal) =>
      this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: notice.subject,
          Message: notice.message,
          // Subscriptions may filter on these (only some codes to Slack, say).
          MessageAttributes: {
            code: { DataType: 'String', StringValue: failure.code },
            kind: { DataType: 'String', StringValue: failure.target.kind },
          },
        }),
        { abortSignal },
      ),
      (name) => (name.startsWith('AuthorizationError') || name.startsWith('AccessDenied') ? 'not allowed: the function needs sns:Publish on it' : name === 'NotFoundException' ? 'it does not exist; check FAILURE_TOPIC_ARN' : undefined),
    );
  }
}
