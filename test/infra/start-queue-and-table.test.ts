import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { START_WORKER_MAX_CONCURRENCY } from '../../infra/function-settings';
import { ZoomLiveStreamStack } from '../../infra/zoom-live-stream-stack';
import { buildStack, logicalIdOf, permissionsOf, type BuiltStack } from './helpers/build-stack';

/**
 * The state and the asynchronous start path: the meetings table, the start queue the worker drains,
 * the meeting-time schedules the functions create, and the alarms that watch them.
 */
let built: BuiltStack;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

beforeAll(() => {
  built = buildStack();
});

describe('the meetings table', () => {
  it('is keyed by pk alone (plus the listing index), on demand, with point-in-time recovery and expiry by expiresAt', () => {
    built.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    built.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      // listing and activity are the keys of the listing index only (test/infra/operator-console.test.ts).
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'listing', AttributeType: 'S' },
        { AttributeName: 'activity', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('is retained when the stack is deleted or the table replaced: registrations outlive npm run destroy', () => {
    built.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the start queue', () => {
  const queue = () => built.template.toJSON().Resources[logicalIdOf(built, built.stack.startQueue)];

  it('hides a received message for six times the worker timeout, and moves it to the failure queue after 5 receives', () => {
    expect(queue().Properties).toEqual({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * 60,
      RedrivePolicy: { deadLetterTargetArn: arnOf(logicalIdOf(built, built.stack.startFailureQueue)), maxReceiveCount: 5 },
    });
  });

  it('has a failure queue that keeps messages the longest SQS allows', () => {
    const failure = built.template.toJSON().Resources[logicalIdOf(built, built.stack.startFailureQueue)];

    expect(failure.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('feeds the start worker: batches of 10, bounded concurrency, failures reported per record', () => {
    built.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(logicalIdOf(built, built.stack.startQueue)),
      FunctionName: { Ref: logicalIdOf(built, built.stack.functions.startWorker) },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: START_WORKER_MAX_CONCURRENCY },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(START_WORKER_MAX_CONCURRENCY).toBe(10);
  });

  it('takes the worker concurrency from the stack props', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new ZoomLiveStreamStack(app, 'Tuned', { startWorkerMaxConcurrency: 25 });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 25 } });
  });
});

describe('the meeting-time schedules', () => {
  const roleId = () => logicalIdOf(built, built.stack.meetingTimes.startRole);

  it('have a schedule group of the stack, named after it, even with no schedule configured', () => {
    built.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    built.template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    built.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'ZoomLiveStreamStack-meeting-times' });
    built.template.hasOutput('ScheduleGroupName', { Value: 'ZoomLiveStreamStack-meeting-times' });
  });

  it('run with a role only Scheduler may assume, for schedules of this account and group', () => {
    const role = built.template.toJSON().Resources[roleId()];

    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          // Scheduler presents the schedule group's ARN as the source.
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/ZoomLiveStreamStack-meeting-times']],
            },
          },
        },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('can only send to the start queue, and to the dead-letter queue Scheduler writes with the same role', () => {
    const permissions = permissionsOf(built, roleId()).map((p) => `${p.action} ${JSON.stringify(p.resource)}`);

    expect(permissions.sort()).toEqual(
      [
        `sqs:SendMessage ${JSON.stringify(arnOf(logicalIdOf(built, built.stack.startQueue)))}`,
        `sqs:SendMessage ${JSON.stringify(arnOf(logicalIdOf(built, built.stack.schedules.deadLetterQueue)))}`,
      ].sort(),
    );
  });
});

describe('the alarms', () => {
  const alarms = () =>
    Object.values(built.template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as { Namespace: string; MetricName: string; Dimensions: Array<{ Value: unknown }>; Threshold: number },
    );
  const watched = (metric: string) => alarms().filter((a) => a.MetricName === metric).map((a) => JSON.stringify(a.Dimensions[0]?.Value));

  it('watch the errors of every function', () => {
    const names = Object.keys(FUNCTIONS) as CatalogueName[];

    expect(watched('Errors').sort()).toEqual(names.map((name) => JSON.stringify({ Ref: logicalIdOf(built, built.stack.functions[name]) })).sort());
  });

  it('watch for messages in the start failure queue, the schedule dead-letter queue and the on-failure queues', () => {
    const queues = [
      built.stack.startFailureQueue,
      built.stack.schedules.deadLetterQueue,
      built.stack.invokeFailureQueues.start!,
      built.stack.invokeFailureQueues.stop!,
    ];

    expect(watched('ApproximateNumberOfMessagesVisible').sort()).toEqual(
      queues.map((queue) => JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(built, queue), 'QueueName'] })).sort(),
    );
  });

  it('watch the start queue for a backlog that does not drain: its oldest message 300 s old', () => {
    const backlog = alarms().filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage');

    expect(backlog).toHaveLength(1);
    expect(backlog[0]).toMatchObject({
      Namespace: 'AWS/SQS',
      Threshold: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(built, built.stack.startQueue), 'QueueName'] } }],
    });
  });
});
