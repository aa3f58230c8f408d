import {
  Duration,
  Stack,
  Validations,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct, type Node } from 'constructs';

export interface OperationalAlarmsProps {
  /** Each gets an alarm on any error within five minutes. */
  readonly functions: readonly lambda.IFunction[];
  /** Dead-letter and on-failure queues: each gets an alarm as soon as it holds a message. */
  readonly queues: readonly sqs.IQueue[];
  /**
   * Work queues: each gets an alarm when its oldest message is BACKLOG_AGE old, a backlog that does not
   * drain (the consumer failing or throttled), while starts in it are still worth making.
   * @default - none
   */
  readonly backlogQueues?: readonly sqs.IQueue[];
  /**
   * Where alarm and recovery notices go. When set, an SNS topic with this e-mail subscription is created
   * (the address must confirm the subscription once); when not, the alarms only show in CloudWatch.
   * @default - no topic
   */
  readonly alarmEmail?: string;
  /**
   * An existing topic (Slack through AWS Chatbot, a pager, anything subscribed) for the alarms and the
   * start failure notices, instead of the one `alarmEmail` creates; not both.
   * @default - no topic
   */
  readonly notificationTopicArn?: string;
}

const PERIOD = Duration.minutes(5);
/** A start queued this long ago should have been taken by the worker several times over. */
export const BACKLOG_AGE = Duration.minutes(5);
// Deliberately loose: a plausible address, checked so a typo fails synth rather than SNS at deploy.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * CloudWatch alarms for what must not go unnoticed: a start that failed (function errors), anything
 * parked in a dead-letter or on-failure queue, and a work queue that does not drain.
 */
export class OperationalAlarms extends Construct {
  /** The notification topic; only when `alarmEmail` or `notificationTopicArn` is set. */
  readonly topic?: sns.ITopic;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    const alarmEmail = props.alarmEmail === undefined ? undefined : checkAlarmEmail(props.alarmEmail);
    if (alarmEmail !== undefined && props.notificationTopicArn !== undefined) {
      throw new Error('notificationTopicArn: give either alarmEmail (a new topic with that subscription) or notificationTopicArn (an existing topic), not both');
    }
    const topic =
      alarmEmail !== undefined
        ? this.notificationTopic(alarmEmail)
        : props.notificationTopicArn !== undefined
          ? sns.Topic.fromTopicArn(this, 'ExistingTopic', checkTopicArn(props.notificationTopicArn))
          : undefined;
    this.topic = topic;

    const ids = new UniqueIds();
    const alarms: cloudwatch.Alarm[] = [];
    for (const fn of props.functions) {
      alarms.push(
        new cloudwatch.Alarm(this, ids.next(`${fn.node.id}Errors`), {
          alarmDescription: `Lambda function ${fn.functionName} failed at least once in 5 minutes (a start or stop may not have happened).`,
          metric: fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const queue of props.queues) {
      alarms.push(
        new cloudwatch.Alarm(this, ids.next(`${queue.node.id}Messages`), {
          alarmDescription: `Queue ${queue.queueName} holds a message: an invocation that could not be delivered or did not succeed.`,
          // Maximum, so one message seen at any moment in the period is enough.
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const queue of props.backlogQueues ?? []) {
      alarms.push(
        new cloudwatch.Alarm(this, ids.next(`${queue.node.id}Backlog`), {
          alarmDescription: `Queue ${queue.queueName} has held a message for ${BACKLOG_AGE.toMinutes()} minutes: its consumer is not keeping up or keeps failing.`,
          metric: queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
          threshold: BACKLOG_AGE.toSeconds(),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    if (topic) {
      const action = new actions.SnsAction(topic);
      for (const alarm of alarms) {
        alarm.addAlarmAction(action);
        // The recovery notice tells the reader the problem is over without opening the console.
        alarm.addOkAction(action);
      }
    }
    this.alarms = alarms;
  }

  private notificationTopic(email: string): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'zoom-livestream alarms',
      enforceSSL: true,
    });
    // Any topic policy replaces SNS's default one, so CloudWatch's right to publish is stated here.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    topic.addSubscription(new subscriptions.EmailSubscription(email));
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry no secrets; CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed key is not worth its cost here.',
    });
    return topic;
  }
}

/** Returns the trimmed address, or throws naming the `alarmEmail` setting. */
export function checkAlarmEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim() : value;
  if (typeof email !== 'string' || email.length > 254 || !EMAIL_PATTERN.test(email)) {
    throw new Error(`alarmEmail: ${JSON.stringify(value)} is not an e-mail address (expected name@example.com)`);
  }
  return email;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Returns the ARN, or throws naming the `notificationTopicArn` setting. */
export function checkTopicArn(value: string): string {
  if (!TOPIC_ARN.test(value)) throw new Error(`notificationTopicArn: "${value}" is not an SNS topic ARN (expected arn:aws:sns:<region>:<account>:<name>)`);
  return value;
}

/** The `alarmEmail` context value (cdk.json or `-c alarmEmail=…`), checked; undefined when unset or empty. */
export function loadAlarmEmail(node: Node): string | undefined {
  const value: unknown = node.tryGetContext('alarmEmail');
  if (value === undefined || value === null || value === '') return undefined;
  return checkAlarmEmail(value);
}

/** Construct ids from function and queue ids, numbered when two share an id. */
class UniqueIds {
  private readonly used = new Set<string>();

  next(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n += 1) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }
}
