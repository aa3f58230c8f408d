import { Duration, Stack, Validations, aws_iam as iam, aws_lambda as lambda, aws_scheduler as scheduler, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { schedulePayload, type ScheduleAction, type ScheduleEntry } from './schedule-config';

export * from './schedule-config';
export { nextFireTimes, formatFireTime } from './schedule-times';

export interface LiveStreamSchedulesProps {
  /** Validated entries, from `loadSchedules` or `parseSchedules`. An empty list creates nothing. */
  readonly schedules: readonly ScheduleEntry[];
  readonly startFunction: lambda.IFunction;
  readonly stopFunction: lambda.IFunction;
  /**
   * How often Scheduler retries a delivery that failed (throttling, Lambda service errors). Function
   * errors are not deliveries failing: those are Lambda's asynchronous retries and on-failure destination.
   * @default 3
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long after its scheduled time Scheduler keeps trying to deliver an invocation. A live stream
   * that starts more than an hour late has missed its meeting; the dead-letter queue and its alarm say so.
   * @default Duration.hours(1)
   */
  readonly maximumEventAge?: Duration;
}

/**
 * One EventBridge Scheduler schedule per configured start and stop, in the entry's time zone,
 * invoking the start or stop function with the contract's plain payload. Deliveries that still fail
 * after the retry policy land in `deadLetterQueue`, so a missed start leaves a trace and an alarm.
 *
 * Scheduler rather than EventBridge rules: rules evaluate cron in UTC only and cannot fire once.
 * Completed one-time (`at(…)`) schedules stay in place (action after completion NONE): CloudFormation
 * cannot set DELETE, and a schedule Scheduler deleted behind CloudFormation's back would break the next
 * stack update. A completed one never fires again; remove its entry when it is no longer wanted.
 */
export class LiveStreamSchedules extends Construct {
  /** Receives invocations Scheduler could not deliver; undefined when no schedules are configured. */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The schedule group holding this stack's schedules; undefined when none are configured. */
  readonly scheduleGroupName?: string;
  /** The created schedules, by `<entry name>-<action>`. */
  readonly schedules: ReadonlyMap<string, scheduler.CfnSchedule>;

  constructor(scope: Construct, id: string, props: LiveStreamSchedulesProps) {
    super(scope, id);
    const created = new Map<string, scheduler.CfnSchedule>();
    this.schedules = created;
    if (props.schedules.length === 0) return;

    const maximumRetryAttempts = props.maximumRetryAttempts ?? 3;
    const maximumEventAge = props.maximumEventAge ?? Duration.hours(1);

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

    // A group of its own gives the schedules readable names (`<entry>-start`) without colliding with
    // another deployment of the stack, and scopes the execution roles' confused-deputy condition.
    const group = new scheduler.CfnScheduleGroup(this, 'Group');
    this.scheduleGroupName = group.ref;

    const roles: Record<ScheduleAction, () => iam.IRole> = {
      start: lazy(() => this.invokeRole('StartInvokeRole', props.startFunction, group.ref, deadLetterQueue)),
      stop: lazy(() => this.invokeRole('StopInvokeRole', props.stopFunction, group.ref, deadLetterQueue)),
    };
    const functions: Record<ScheduleAction, lambda.IFunction> = {
      start: props.startFunction,
      stop: props.stopFunction,
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
            description: `${action} the live stream of meeting ${entry.meetingId} (schedule "${entry.name}")`,
            scheduleExpression: expression,
            scheduleExpressionTimezone: entry.timezone,
            // Streams must go live on the minute, not somewhere in a window.
            flexibleTimeWindow: { mode: 'OFF' },
            state: 'ENABLED',
            target: {
              arn: functions[action].functionArn,
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
   * The role Scheduler assumes to invoke one function: that function only (unqualified ARN, no
   * versions or aliases), plus the dead-letter queue. Shared by all schedules of that function.
   */
  private invokeRole(id: string, fn: lambda.IFunction, groupName: string, deadLetterQueue: sqs.IQueue): iam.IRole {
    const stack = Stack.of(this);
    const role = new iam.Role(this, id, {
      description: 'Assumed by EventBridge Scheduler to invoke one live stream function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Confused-deputy protection: only schedules in this account and this group may use the role.
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: groupName }),
          },
        },
      }),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    deadLetterQueue.grantSendMessages(role);
    return role;
  }
}

/** Creates the value on first use, so a function without schedules gets no role. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
