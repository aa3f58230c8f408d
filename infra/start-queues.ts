import { Duration, Validations, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { START_QUEUE_MAX_RECEIVES } from '../functions/lib/use-cases/start-job';

export interface StartQueuesProps {
  /** Timeout of the function the start queue feeds; the visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
}

/**
 * Receives before moving a message to the failure queue. A start job that cannot succeed is parked by
 * the worker itself; redrive catches the rest (a worker that keeps timing out or crashing). The
 * worker knows the number too: on that delivery it records the failure for the operator.
 */
export const START_QUEUE_MAX_RECEIVE_COUNT = START_QUEUE_MAX_RECEIVES;

/**
 * Lambda's advice for an SQS event source: a visibility timeout of at least six times the function
 * timeout, so a batch being retried after throttling is not delivered again while still running.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * The start queue (scheduled, webhook and meeting-time starts, and continuations of starts still
 * waiting for their meeting) and the start failure queue, where every start that failed for good ends.
 */
export class StartQueues extends Construct {
  readonly queue: sqs.Queue;
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StartQueuesProps) {
    super(scope, id);
    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: a start that failed is evidence someone should read after the alarm.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the start queue's dead-letter queue (and where the worker parks jobs that cannot succeed); nothing consumes it automatically.",
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.failureQueue, maxReceiveCount: START_QUEUE_MAX_RECEIVE_COUNT },
    });
  }
}
