import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TimeBudget } from '../core/time-budget';
import { AWS_CLIENT_OPTIONS, AWS_REQUEST_TIMEOUT_MS, awsCall } from './aws-call';
import { MAX_DELAY_SECONDS, type FailureQueue, type StartQueue } from '../use-cases/ports';

export function createSqsClient(): SQSClient {
  return new SQSClient(AWS_CLIENT_OPTIONS);
}

function send(client: SQSClient, queueUrl: string, variable: string, command: SendMessageCommand, budget: TimeBudget): Promise<unknown> {
  return awsCall(`sending to queue ${queueUrl}`, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), (abortSignal) => client.send(command, { abortSignal }), (name) =>
    name.includes('NonExistentQueue') || name === 'QueueDoesNotExist'
      ? `the queue does not exist; check ${variable}`
      : name.startsWith('AccessDenied')
        ? `not allowed (${name}): the function needs sqs:SendMessage on it`
        : undefined,
  );
}

export class SqsStartQueue implements StartQueue {
  constructor(
    private readonly client: SQSClient,
    readonly queueUrl: string,
  ) {}

  async send(body: string, delaySeconds: number, budget: TimeBudget): Promise<void> {
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds)));
    await send(this.client, this.queueUrl, 'START_QUEUE_URL', new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: body, DelaySeconds: delay }), budget);
  }
}

export class SqsFailureQueue implements FailureQueue {
  constructor(
    private readonly client: SQSClient,
    readonly queueUrl: string,
  ) {}

  async send(body: string, failure: { code: string; message: string }, budget: TimeBudget): Promise<void> {
    await send(
      this.client,
      this.queueUrl,
      'START_FAILURE_QUEUE_URL',
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        // The error travels with the job, so the queue alone tells what failed and why.
        MessageAttributes: {
          errorCode: { DataType: 'String', StringValue: failure.code },
          errorMessage: { DataType: 'String', StringValue: failure.message.slice(0, 1000) },
        },
      }),
      budget,
    );
  }
}
