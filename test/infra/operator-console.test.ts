import { Match } from 'aws-cdk-lib/assertions';
import { LISTING_INDEX } from '../../functions/lib/aws/dynamodb-listing';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { buildStack, logicalIdOf, permissionsOf, statementsMentioning, type BuiltStack } from './helpers/build-stack';

/** The operator's side of the stack: the listing index, the notification topic and its one publisher. */
const NAMES = Object.keys(FUNCTIONS) as CatalogueName[];
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ops-notices';

const variables = (built: BuiltStack, name: CatalogueName): Record<string, unknown> =>
  built.template.toJSON().Resources[logicalIdOf(built, built.stack.functions[name])].Properties.Environment.Variables;

const publishers = (built: BuiltStack) =>
  NAMES.filter((name) => permissionsOf(built, logicalIdOf(built, built.stack.functions[name].role!)).some((p) => p.action.startsWith('sns:')));

describe('the default stack', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack();
  });

  it('gives the meetings table the listing index: listing and activity, every attribute projected', () => {
    built.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: LISTING_INDEX,
          KeySchema: [
            { AttributeName: 'listing', KeyType: 'HASH' },
            { AttributeName: 'activity', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'listing', AttributeType: 'S' },
        { AttributeName: 'activity', AttributeType: 'S' },
      ]),
    });
  });

  it('lets no function Scan, and only the operator function Query, the index alone', () => {
    const reads = statementsMentioning(built, 'dynamodb').filter((statement) => /Query|Scan/.test(JSON.stringify(statement.Action)));

    expect(reads).toEqual([
      {
        Sid: 'ListingIndex',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(built, built.stack.meetingsTable), 'Arn'] }, `/index/${LISTING_INDEX}`]] },
      },
    ]);
    expect(permissionsOf(built, logicalIdOf(built, built.stack.functions.operator.role!)).map((p) => p.action)).toContain('dynamodb:Query');
  });

  it('gives the console function nothing but its own logs', () => {
    const actions = permissionsOf(built, logicalIdOf(built, built.stack.functions.console.role!)).map((p) => p.action.split(':')[0]);

    expect([...new Set(actions)]).toEqual(['logs']);
  });

  it('has no topic and no publisher without alarmEmail or notificationTopicArn', () => {
    built.template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(publishers(built)).toEqual([]);
    expect(variables(built, 'startWorker').FAILURE_TOPIC_ARN).toBeUndefined();
  });
});

describe('with -c alarmEmail', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ alarmEmail: 'ops@example.com' });
  });

  it('lets only the start worker publish, only sns:Publish, only to the topic it creates', () => {
    const topic = logicalIdOf(built, built.stack.alarms.topic!);

    expect(publishers(built)).toEqual(['startWorker']);
    expect(statementsMentioning(built, 'sns')).toEqual([{ Sid: 'PublishFailureNotices', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topic } }]);
    expect(variables(built, 'startWorker').FAILURE_TOPIC_ARN).toEqual({ Ref: topic });
    for (const name of NAMES.filter((other) => other !== 'startWorker')) expect(variables(built, name).FAILURE_TOPIC_ARN).toBeUndefined();
  });
});

describe('with -c notificationTopicArn', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ notificationTopicArn: TOPIC_ARN });
  });

  it('creates no topic, sends the alarms to that one and lets only the start worker publish to it', () => {
    built.template.resourceCountIs('AWS::SNS::Topic', 0);
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [TOPIC_ARN] });
    expect(publishers(built)).toEqual(['startWorker']);
    expect(statementsMentioning(built, 'sns')).toEqual([{ Sid: 'PublishFailureNotices', Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC_ARN }]);
    expect(variables(built, 'startWorker').FAILURE_TOPIC_ARN).toBe(TOPIC_ARN);
  });

  it('refuses a value that is not a topic ARN, and both settings at once', () => {
    expect(() => buildStack({ notificationTopicArn: 'ops-notices' })).toThrow(/notificationTopicArn: "ops-notices" is not an SNS topic ARN/);
    expect(() => buildStack({ notificationTopicArn: TOPIC_ARN, alarmEmail: 'ops@example.com' })).toThrow(/either alarmEmail .* or notificationTopicArn/);
  });
});
