import { Duration, Validations, aws_iam as iam, aws_lambda as lambda, aws_scheduler as scheduler, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { schedulerPrincipal } from './scheduler-principal';
import { describeScheduleTarget, schedulePayload, type ScheduleAction, type ScheduleEntry } from './schedule-config';

export * from './schedule-config';
export { nextFireTimes, formatFireTime } from './schedule-times';

export interface LiveStreamSchedulesProps {
  /** Validated entries, from `loadSchedules` or `parseSchedules`. An empty list creates no schedule. */
  readonly schedules: readonly ScheduleEntry[];
  /** Where each START goes: the start worker waits for the meeting there, beyond one invocation. */
  readonly startQueue: sqs.IQueue;
  readonly stopFunction: lambda.IFunction;
  /**
   * How often Scheduler retries a delivery that failed (throttling, SQS or Lambda service errors).
   * Errors of the stop function are not deliveries failing: those are Lambda's asynchronous retries
   * and on-failure destination; a failed start is the start queue's redrive.
   * @default 3
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long after its scheduled time Scheduler keeps trying to deliver. A live stream that starts
   * more than an hour late has missed its meeting; the dead-letter queue and its alarm say so.
   * @default Duration.hours(1)
   */
  readonly maximumEventAge?: Duration;
}

/**
 * One EventBridge Scheduler schedule per configured start and stop, in the entry's time zone: a start
 * sends the plain payload to the start queue, a stop invokes the stop function with it. Deliveries that
 * still fail after the retry policy land in `deadLetterQueue`, so a missed start leaves a trace and an
 * alarm. That queue always exists: the meeting-time schedules the functions create use it too.
 *
 * Scheduler rather than EventBridge rules: rules evaluate cron in UTC only and cannot fire once.
 * Completed one-time (`at(…)`) schedules stay in place (action after completion NONE): CloudFormation
 * cannot set DELETE, and a schedule Scheduler deleted behind CloudFormation's back would break the next
 * stack update. A completed one never fires again; remove its entry when it is no longer wanted.
 */
export class LiveStreamSchedules extends Construct {
  /** Receives deliveries Scheduler could not make, of these schedules and of the meeting-time ones. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The schedule group holding the configured schedules; undefined when none are configured. */
  readonly scheduleGroupName?: string;
  /** The created schedules, by `<entry name>-<action>`. */
  readonly schedules: ReadonlyMap<string, scheduler.CfnSchedule>;

  constructor(scope: Construct, id: string, props: LiveStreamSchedulesProps) {
    super(scope, id);
    const created = new Map<string, scheduler.CfnSchedule>();
    this.schedules = created;

    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time for someone to read what was missed after the alarm.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the schedules; it needs none itself.',
    });
    this.deadLetterQueue = deadLetterQueue;
    if (props.schedules.length === 0) return;

    const maximumRetryAttempts = props.maximumRetryAttempts ?? 3;
    const maximumEventAge = props.maximumEventAge ?? Duration.hours(1);

    // A group of its own gives the schedules readable names (`<entry>-start`) without colliding with
    // another deployment of the stack, scopes the roles' confused-deputy condition, and keeps them
    // apart from the meeting-time group, whose schedules the functions may delete.
    const group = new scheduler.CfnScheduleGroup(this, 'Group');
    this.scheduleGroupName = group.ref;

    const roles: Record<ScheduleAction, () => iam.IRole> = {
      start: lazy(() =>
        this.targetRole('StartQueueRole', 'send starts to the start queue', group.ref, {
          actions: ['sqs:SendMessage'],
          resources: [props.startQueue.queueArn],
        }),
      ),
      stop: lazy(() =>
        this.targetRole('StopInvokeRole', 'invoke the stop function', group.ref, {
          actions: ['lambda:InvokeFunction'],
          resources: [props.stopFunction.functionArn],
        }),
      ),
    };
    const targets: Record<ScheduleAction, string> = {
      start: props.startQueue.queueArn,
      stop: props.stopFunction.functionArn,
    };

    for (const entry of props.schedules) {
      for (const action of ['start', 'stop'] as const) {
        const expression = action === 'start' ? entry.start : entry.stop;
        if (expression === undefined) continue;
        const name = `${entry.name}-${action}`;
        created.set(
          name,
          new scheduler.CfnSchedule(this, name, {
            name,
            groupName: group.ref,
            description: `${action} the live stream of ${describeScheduleTarget(entry)} (schedule "${entry.name}")`,
            scheduleExpression: expression,
            scheduleExpressionTimezone: entry.timezone,
            // Streams must go live on the minute, not somewhere in a window.
            flexibleTimeWindow: { mode: 'OFF' },
            state: 'ENABLED',
            target: {
              arn: targets[action],
              roleArn: roles[action]().roleArn,
              input: JSON.stringify(schedulePayload(entry, action)),
              retryPolicy: {
                maximumRetryAttempts,
                maximumEventAgeInSeconds: maximumEventAge.toSeconds(),
              },
              deadLetterConfig: { arn: deadLetterQueue.queueArn },
            },
          }),
        );
      }
    }
  }

  /**
   * The role Scheduler assumes to deliver one action: that one target (an unqualified function ARN,
   * no versions or aliases; or the queue), plus the dead-letter queue, which Scheduler writes with the
   * same role. Shared by all schedules of that action.
   */
  private targetRole(id: string, what: string, groupName: string, target: iam.PolicyStatementProps): iam.IRole {
    const role = new iam.Role(this, id, {
      description: `Assumed by EventBridge Scheduler to ${what}`,
      assumedBy: schedulerPrincipal(this, groupName),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement(target));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
    return role;
  }
}

/** Creates the value on first use, so an action without schedules gets no role. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
