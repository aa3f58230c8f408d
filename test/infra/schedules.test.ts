import { App, CfnElement, Stack, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { LiveStreamSchedules, parseSchedules, type ScheduleEntry } from '../../infra/schedules';

const CONFIG = [
  {
    name: 'weekly-all-hands',
    meetingId: '85746065432',
    start: 'cron(55 8 ? * MON *)',
    stop: 'cron(30 10 ? * MON *)',
    timezone: 'Europe/Berlin',
    settings: { display_name: 'All hands', layout: 'speaker_view' },
  },
  {
    name: 'launch-event',
    meetingId: 98765432109,
    start: 'at(2030-05-01T18:00:00)',
    stop: 'at(2030-05-01T20:00:00)',
    timezone: 'America/New_York',
  },
  { name: 'heartbeat', meetingId: '1234567890123', start: 'rate(1 day)' },
  {
    name: 'webinar-launch',
    webinarId: '91234567890',
    start: 'cron(0 17 ? * FRI *)',
    stop: 'cron(0 19 ? * FRI *)',
    settings: { display_name: 'Launch' },
    startWindowMinutes: 30,
  },
];

function inlineFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ status: "ok" });'),
  });
}

function build(schedules: ScheduleEntry[]) {
  const app = new App();
  const stack = new Stack(app, 'TestStack');
  const startQueue = new sqs.Queue(stack, 'StartQueue', { enforceSSL: true });
  const stopFunction = inlineFunction(stack, 'StopFunction');
  const construct = new LiveStreamSchedules(stack, 'Schedules', { schedules, startQueue, stopFunction });
  const logicalId = (scope: IConstruct): string => stack.getLogicalId((scope.node.defaultChild ?? scope) as CfnElement);
  return { stack, construct, template: Template.fromStack(stack), startQueue, stopFunction, logicalId };
}

/** Each statement of a role's policies as `action on resource` pairs, however the statements are grouped. */
function permissionsOf(template: Template, roleId: string): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })),
  );
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  return policies
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown; Effect: string }>)
    .flatMap((statement) =>
      list(statement.Action).flatMap((action) => list(statement.Resource).map((resource) => `${statement.Effect} ${String(action)} on ${JSON.stringify(resource)}`)),
    )
    .sort();
}

describe('LiveStreamSchedules with configured schedules', () => {
  const built = build(parseSchedules(CONFIG));
  const { template, construct, startQueue, stopFunction, logicalId } = built;
  const queueId = logicalId(construct.deadLetterQueue);
  const groupId = logicalId(construct.node.findChild('Group'));
  const startRoleId = logicalId(construct.node.findChild('StartQueueRole'));
  const stopRoleId = logicalId(construct.node.findChild('StopInvokeRole'));
  const arnOf = (scope: IConstruct) => ({ 'Fn::GetAtt': [logicalId(scope), 'Arn'] });

  it('creates one schedule per configured start and stop', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 7);
    expect([...construct.schedules.keys()].sort()).toEqual([
      'heartbeat-start',
      'launch-event-start',
      'launch-event-stop',
      'webinar-launch-start',
      'webinar-launch-stop',
      'weekly-all-hands-start',
      'weekly-all-hands-stop',
    ]);
  });

  it.each([
    ['weekly-all-hands-start', 'cron(55 8 ? * MON *)', 'Europe/Berlin', 'start', {
      meetingId: '85746065432',
      settings: { display_name: 'All hands', layout: 'speaker_view' },
    }],
    ['weekly-all-hands-stop', 'cron(30 10 ? * MON *)', 'Europe/Berlin', 'stop', { meetingId: '85746065432' }],
    ['launch-event-start', 'at(2030-05-01T18:00:00)', 'America/New_York', 'start', { meetingId: '98765432109' }],
    ['launch-event-stop', 'at(2030-05-01T20:00:00)', 'America/New_York', 'stop', { meetingId: '98765432109' }],
    ['heartbeat-start', 'rate(1 day)', 'UTC', 'start', { meetingId: '1234567890123' }],
    ['webinar-launch-start', 'cron(0 17 ? * FRI *)', 'UTC', 'start', {
      webinarId: '91234567890',
      settings: { display_name: 'Launch' },
      startWindowMinutes: 30,
    }],
    ['webinar-launch-stop', 'cron(0 19 ? * FRI *)', 'UTC', 'stop', { webinarId: '91234567890' }],
  ] as const)('schedule %s fires %s in %s, delivering the %s with the plain payload', (name, expression, timezone, action, payload) => {
    const resource = template.findResources('AWS::Scheduler::Schedule', { Properties: { Name: name } });
    const [properties] = Object.values(resource).map((r) => r.Properties);

    expect(properties).toEqual({
      Name: name,
      GroupName: { Ref: groupId },
      Description: expect.stringContaining(action),
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: timezone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        // Starts go to the start queue, whose worker waits for the meeting; stops invoke the stop function.
        Arn: action === 'start' ? arnOf(startQueue) : arnOf(stopFunction),
        RoleArn: { 'Fn::GetAtt': [action === 'start' ? startRoleId : stopRoleId, 'Arn'] },
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      },
    });
    expect(JSON.parse(properties.Target.Input)).toEqual(payload);
  });

  it('sends no settings with a stop, even when the entry has settings', () => {
    const stop = template.findResources('AWS::Scheduler::Schedule', { Properties: { Name: 'weekly-all-hands-stop' } });

    expect(Object.values(stop).map((r) => r.Properties.Target.Input)).toEqual(['{"meetingId":"85746065432"}']);
  });

  it('keeps the dead-letter queue encrypted, for 14 days, and reachable over TLS only', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each([
    ['start', () => startRoleId],
    ['stop', () => stopRoleId],
  ])('lets only Scheduler, from this account and schedule group, assume the %s role', (_action, roleId) => {
    const role = template.toJSON().Resources[roleId()];

    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':scheduler:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':schedule-group/',
                  { Ref: groupId },
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('lets the start role only send to the start queue, and to the dead-letter queue', () => {
    expect(permissionsOf(template, startRoleId)).toEqual(
      [
        `Allow sqs:SendMessage on ${JSON.stringify(arnOf(startQueue))}`,
        `Allow sqs:SendMessage on ${JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })}`,
      ].sort(),
    );
  });

  it('lets the stop role only invoke the stop function, and send to the dead-letter queue', () => {
    expect(permissionsOf(template, stopRoleId)).toEqual(
      [
        `Allow lambda:InvokeFunction on ${JSON.stringify(arnOf(stopFunction))}`,
        `Allow sqs:SendMessage on ${JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] })}`,
      ].sort(),
    );
  });

  it('passes the AwsSolutions checks, the dead-letter queue having no queue of its own by design', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stack);
    const ours = report.violations.filter((violation) =>
      violation.violatingResources.some((resource) => resource.constructPath?.includes('/Schedules/')),
    );

    expect(ours.map((violation) => violation.ruleName)).toEqual([]);
    // The functions' default roles do trigger findings, so the checks did run.
    expect(report.violations.length).toBeGreaterThan(0);
  });
});

describe('LiveStreamSchedules without a stop anywhere', () => {
  it('creates no role for stops', () => {
    const { template, construct } = build(parseSchedules([{ name: 'only-start', meetingId: '85746065432', start: 'rate(1 hour)' }]));

    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
      1,
    );
    expect(construct.node.tryFindChild('StopInvokeRole')).toBeUndefined();
  });
});

describe('LiveStreamSchedules with no schedules', () => {
  it('creates no schedule, group or role, only the dead-letter queue the meeting-time schedules use', () => {
    const { template, construct, logicalId } = build([]);

    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    template.resourceCountIs('AWS::IAM::Role', 1); // the stop function's own
    template.resourceCountIs('AWS::SQS::Queue', 2);
    expect(template.toJSON().Resources[logicalId(construct.deadLetterQueue)]).toBeDefined();
    expect(construct.scheduleGroupName).toBeUndefined();
  });
});
