import { ArnFormat, Stack, Validations, aws_iam as iam, aws_scheduler as scheduler, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { schedulerPrincipal } from './scheduler-principal';

export interface MeetingTimeSchedulesProps {
  /** The only target the schedules may have. */
  readonly startQueue: sqs.IQueue;
  /** Where Scheduler parks a start it could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
}

/** What a function may do to the schedules of the group; nothing else of Scheduler. */
export const SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'] as const;

/**
 * Where the functions put the one-time schedules that start an auto-start meeting at its time: a
 * schedule group of its own, and the role those schedules run with. The role can only send to the
 * start queue (and to the dead-letter queue, which Scheduler writes with the target's role), so a
 * function that may create schedules here can make Scheduler do nothing else on its behalf.
 */
export class MeetingTimeSchedules extends Construct {
  readonly group: scheduler.CfnScheduleGroup;
  /** `<stack name>-meeting-times` (`SCHEDULE_GROUP`). */
  readonly groupName: string;
  /** The role every schedule of the group is created with (`SCHEDULE_ROLE_ARN`). */
  readonly startRole: iam.Role;
  readonly startQueue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: MeetingTimeSchedulesProps) {
    super(scope, id);
    this.startQueue = props.startQueue;
    this.deadLetterQueue = props.deadLetterQueue;
    // Named after the stack rather than generated, so the name is known without reading the group:
    // an emulator whose CloudFormation cannot create the group still hands the functions its name,
    // and the group can be created there through the API (local/deploy). Unique per stack and region.
    this.groupName = `${Stack.of(this).stackName}-meeting-times`;
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: this.groupName });

    this.startRole = new iam.Role(this, 'StartRole', {
      description: 'Assumed by EventBridge Scheduler to send meeting-time starts to the start queue',
      assumedBy: schedulerPrincipal(this, this.groupName),
    });
    this.startRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [props.startQueue.queueArn, props.deadLetterQueue.queueArn],
      }),
    );
  }

  /** Every schedule of the group: `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*`. */
  get scheduleArns(): string {
    return Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.groupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * Lets `grantee` create, update and delete schedules of this group, and hand them the start role
   * (to Scheduler only): the two permissions CreateSchedule needs, and no more.
   */
  grantManageSchedules(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageMeetingTimeSchedules',
        actions: [...SCHEDULE_ACTIONS],
        resources: [this.scheduleArns],
      }),
    );
    Validations.of(grantee.grantPrincipal as unknown as IConstruct).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.groupName}/*]`,
      reason: 'The schedules are created at run time, one per auto-start meeting occurrence, so their names are not known at deploy time; the wildcard covers only schedules of this stack\'s own group, which holds nothing else.',
    });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PassMeetingTimeStartRole',
        actions: ['iam:PassRole'],
        resources: [this.startRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
