import { App, CfnElement, Stack, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { checkAlarmEmail, loadAlarmEmail, OperationalAlarms } from '../../infra/alarms';

function inlineFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ status: "ok" });'),
  });
}

function build(alarmEmail?: string) {
  const stack = new Stack(new App(), 'TestStack');
  const startFunction = inlineFunction(stack, 'StartFunction');
  const stopFunction = inlineFunction(stack, 'StopFunction');
  const deadLetterQueue = new sqs.Queue(stack, 'DeadLetterQueue', { enforceSSL: true });
  const workQueue = new sqs.Queue(stack, 'WorkQueue', { enforceSSL: true, deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 } });
  const alarms = new OperationalAlarms(stack, 'Alarms', {
    functions: [startFunction, stopFunction],
    queues: [deadLetterQueue],
    backlogQueues: [workQueue],
    alarmEmail,
  });
  const logicalId = (scope: IConstruct): string =>
    stack.getLogicalId((scope.node.defaultChild ?? scope) as CfnElement);
  return { stack, alarms, template: Template.fromStack(stack), startFunction, stopFunction, deadLetterQueue, workQueue, logicalId };
}

describe('OperationalAlarms', () => {
  const built = build('ops@example.com');
  const { template, logicalId } = built;
  const topicRef = { Ref: logicalId(built.alarms.topic!) };

  it.each([
    ['start', () => built.startFunction],
    ['stop', () => built.stopFunction],
  ])('alarms on any error of the %s function within five minutes', (_name, fn) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn()) } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
      OKActions: [topicRef],
    });
  });

  it('alarms as soon as a queue holds a visible message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(built.deadLetterQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    });
  });

  it('alarms when the oldest message of a work queue is five minutes old: a backlog that does not drain', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(built.workQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
      OKActions: [topicRef],
    });
  });

  it('creates exactly one alarm per function, per failure queue and per work queue', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('subscribes the configured e-mail address to the alarm topic', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topicRef,
    });
  });

  it('lets CloudWatch publish to the topic and refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('passes the AwsSolutions checks', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stack);
    const ours = report.violations.filter((violation) =>
      violation.violatingResources.some((resource) => resource.constructPath?.includes('/Alarms/')),
    );

    expect(ours.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.violations.length).toBeGreaterThan(0);
  });
});

describe('OperationalAlarms without an e-mail address', () => {
  it('creates the alarms without a topic or actions', () => {
    const { template, alarms } = build();

    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: Match.anyValue() }, 0);
    expect(alarms.topic).toBeUndefined();
  });
});

describe('the alarm e-mail setting', () => {
  it.each(['ops', 'ops@', '@example.com', 'ops@example', 'ops @example.com', 'a@b@example.com'])(
    'rejects %p, naming alarmEmail',
    (email) => {
      expect(() => build(email)).toThrow(`alarmEmail: ${JSON.stringify(email)} is not an e-mail address`);
    },
  );

  it('accepts an address with subdomains and plus tags, trimmed', () => {
    expect(checkAlarmEmail(' team+alerts@mail.example.co.uk ')).toBe('team+alerts@mail.example.co.uk');
  });

  it('reads the address from context, and nothing when it is unset or empty', () => {
    expect(loadAlarmEmail(new App({ context: { alarmEmail: 'ops@example.com' } }).node)).toBe('ops@example.com');
    expect(loadAlarmEmail(new App({ context: { alarmEmail: '' } }).node)).toBeUndefined();
    expect(loadAlarmEmail(new App().node)).toBeUndefined();
    expect(() => loadAlarmEmail(new App({ context: { alarmEmail: 42 } }).node)).toThrow('alarmEmail: 42 is not an e-mail address');
  });
});
