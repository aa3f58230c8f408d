import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { START_WORKER_MAX_CONCURRENCY, ZOOM_LIGHT_RATE_LIMIT } from '../../infra/function-settings';
import { workerRatePerContainer } from '../../infra/start-worker-rate';
import { buildStack, logicalIdOf, permissionsOf, type BuiltStack, type Permission } from './helpers/build-stack';

/**
 * Least privilege per function: each role allows what its catalogue entry's `uses` declares, on the
 * resource it declares, and each declared use comes with its environment variable. Read against
 * function-catalogue.ts, so a new use in the code fails here until the stack wires it.
 */
const NAMES = Object.keys(FUNCTIONS) as CatalogueName[];
/** What Lambda's SQS event source needs on the queue it polls, granted by the event source itself. */
/** The meeting-time schedule group, named after the stack. */
const GROUP_NAME = 'ZoomLiveStreamStack-meeting-times';
const CONSUME_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

let built: BuiltStack;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const ids = () => ({
  table: logicalIdOf(built, built.stack.meetingsTable),
  startQueue: logicalIdOf(built, built.stack.startQueue),
  failureQueue: logicalIdOf(built, built.stack.startFailureQueue),
  deadLetterQueue: logicalIdOf(built, built.stack.schedules.deadLetterQueue),
  group: logicalIdOf(built, built.stack.meetingTimes.group),
  meetingTimeRole: logicalIdOf(built, built.stack.meetingTimes.startRole),
});

beforeAll(() => {
  built = buildStack();
});

function permissions(name: CatalogueName): Permission[] {
  const role = built.stack.functions[name].role!;
  return permissionsOf(built, logicalIdOf(built, role));
}

const actionsOn = (name: CatalogueName, service: string, resource?: unknown): string[] =>
  permissions(name)
    .filter((p) => p.action.startsWith(`${service}:`) && (resource === undefined || JSON.stringify(p.resource) === JSON.stringify(resource)))
    .map((p) => p.action)
    .sort();

function environment(name: CatalogueName): Record<string, unknown> {
  const fn = built.template.toJSON().Resources[logicalIdOf(built, built.stack.functions[name])];
  return fn.Properties.Environment.Variables as Record<string, unknown>;
}

describe('the webhook function, facing the internet', () => {
  it('reaches only the items it reads and writes (meetings, webinars, deliveries), never the shared Zoom token', () => {
    const dynamo = permissions('webhook').filter((p) => p.action.startsWith('dynamodb:'));

    expect(dynamo.map((p) => p.action).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    for (const p of dynamo) expect(p.condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['meeting#*', 'webinar#*', 'delivery#*'] } });
    expect(JSON.stringify(dynamo)).not.toContain('token#');
  });

  it('has its own secret as ZOOM_WEBHOOK_SECRET_ID and reads no other', () => {
    expect(environment('webhook').ZOOM_WEBHOOK_SECRET_ID).toEqual({ Ref: expect.stringMatching(/^WebhookSecret/) });
    expect(permissions('webhook').filter((p) => p.action.startsWith('secretsmanager:'))).toEqual([
      expect.objectContaining({ action: 'secretsmanager:GetSecretValue', resource: { Ref: expect.stringMatching(/^WebhookSecret/) } }),
    ]);
  });
});

describe.each(NAMES)('the %s function', (name) => {
  const uses = FUNCTIONS[name].uses;

  it('may use only logs, its secret, and the services its catalogue entry declares', () => {
    const services = new Set(permissions(name).map((p) => p.action.split(':')[0]));
    const declared = new Set(['logs', ...(FUNCTIONS[name].callsZoom === false ? [] : ['secretsmanager'])]);
    if (uses.table || uses.sharedToken || uses.listsTable) declared.add('dynamodb');
    // SQS: a declared send, the worker's event source, or the function's own on-failure queue.
    if (uses.sendsToStartQueue || uses.sendsToFailureQueue || name === 'startWorker' || built.stack.invokeFailureQueues[name]) declared.add('sqs');
    if (uses.managesSchedules) ['scheduler', 'iam'].forEach((service) => declared.add(service));

    expect([...services].sort()).toEqual([...declared].sort());
  });

  it('has exactly the declared DynamoDB actions, on the meetings table only, and MEETINGS_TABLE', () => {
    const dynamo = permissions(name).filter((p) => p.action.startsWith('dynamodb:') && p.action !== 'dynamodb:Query');
    const unconditional = dynamo.filter((p) => p.condition === undefined);
    const onDeclaredKeys = dynamo.filter((p) => uses.tableKeys && JSON.stringify(p.condition) === JSON.stringify({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': uses.tableKeys } }));

    expect((uses.tableKeys ? onDeclaredKeys : unconditional).map((p) => p.action).sort()).toEqual([...(uses.table ?? [])].sort());
    if (uses.tableKeys) expect(unconditional).toEqual([]);
    for (const p of dynamo) expect(p.resource).toEqual(arnOf(ids().table));
    expect(environment(name).MEETINGS_TABLE).toEqual(uses.table || uses.sharedToken || uses.listsTable ? { Ref: ids().table } : undefined);
  });

  it('may Query the listing index exactly when it declares so, and never the table itself or Scan', () => {
    const reads = permissions(name).filter((p) => p.action === 'dynamodb:Query' || p.action === 'dynamodb:Scan');
    const index = { 'Fn::Join': ['', [arnOf(ids().table), '/index/listing-by-activity']] };

    expect(reads).toEqual(uses.listsTable ? [{ action: 'dynamodb:Query', resource: index, condition: undefined }] : []);
  });

  it("reaches the shared Zoom token's items, and only those unless it declares table actions", () => {
    const tokenOnly = permissions(name).filter((p) => p.action.startsWith('dynamodb:') && String(JSON.stringify(p.condition)).includes('token#'));
    const coveredByTable = ['dynamodb:GetItem', 'dynamodb:UpdateItem'].every((action) => uses.table?.includes(action as never));

    expect(tokenOnly).toEqual(
      uses.sharedToken && !coveredByTable
        ? ['dynamodb:GetItem', 'dynamodb:UpdateItem'].map((action) => ({
            action,
            resource: arnOf(ids().table),
            condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['token#*'] } },
          }))
        : [],
    );
  });

  it('paces its Zoom requests to its share of the fleet rate exactly when it declares so', () => {
    const share = workerRatePerContainer(ZOOM_LIGHT_RATE_LIMIT, START_WORKER_MAX_CONCURRENCY);

    expect(environment(name).ZOOM_REQUESTS_PER_SECOND).toEqual(uses.pacesZoomRequests ? String(share) : undefined);
  });

  it('may send to the start queue exactly when it declares so, with START_QUEUE_URL', () => {
    const expected = [...(uses.sendsToStartQueue ? ['sqs:SendMessage'] : []), ...(name === 'startWorker' ? CONSUME_ACTIONS : [])];

    expect(actionsOn(name, 'sqs', arnOf(ids().startQueue))).toEqual(expected.sort());
    expect(environment(name).START_QUEUE_URL).toEqual(uses.sendsToStartQueue ? { Ref: ids().startQueue } : undefined);
  });

  it('may send to the start failure queue exactly when it declares so, with START_FAILURE_QUEUE_URL', () => {
    expect(actionsOn(name, 'sqs', arnOf(ids().failureQueue))).toEqual(uses.sendsToFailureQueue ? ['sqs:SendMessage'] : []);
    expect(environment(name).START_FAILURE_QUEUE_URL).toEqual(uses.sendsToFailureQueue ? { Ref: ids().failureQueue } : undefined);
  });

  it('touches no other queue than those, but for its own on-failure destination', () => {
    const own = built.stack.invokeFailureQueues[name];
    const allowed = [ids().startQueue, ids().failureQueue, ...(own ? [logicalIdOf(built, own)] : [])].map((id) => JSON.stringify(arnOf(id)));

    for (const p of permissions(name).filter((candidate) => candidate.action.startsWith('sqs:'))) {
      expect(allowed).toContain(JSON.stringify(p.resource));
    }
  });

  it("manages schedules only when it declares so, only in the meeting-time group, passing only that group's role", () => {
    const scheduler = permissions(name).filter((p) => p.action.startsWith('scheduler:'));
    const passRole = permissions(name).filter((p) => p.action.startsWith('iam:'));
    const variables = environment(name);

    if (!uses.managesSchedules) {
      expect([...scheduler, ...passRole]).toEqual([]);
      for (const variable of ['SCHEDULE_GROUP', 'SCHEDULE_ROLE_ARN', 'SCHEDULE_TARGET_ARN', 'SCHEDULE_DLQ_ARN']) expect(variables[variable]).toBeUndefined();
      return;
    }
    const { meetingTimeRole, startQueue, deadLetterQueue } = ids();
    const groupSchedules = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${GROUP_NAME}/*`]],
    };
    expect(scheduler.map((p) => p.action).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
    for (const p of scheduler) expect(p.resource).toEqual(groupSchedules);
    expect(passRole).toEqual([
      {
        action: 'iam:PassRole',
        resource: arnOf(meetingTimeRole),
        condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
    ]);
    // Named, not referred to: the function is created after the group all the same.
    expect(built.template.toJSON().Resources[logicalIdOf(built, built.stack.functions[name])].DependsOn).toContain(ids().group);
    expect(variables).toMatchObject({
      SCHEDULE_GROUP: GROUP_NAME,
      SCHEDULE_ROLE_ARN: arnOf(meetingTimeRole),
      SCHEDULE_TARGET_ARN: arnOf(startQueue),
      SCHEDULE_DLQ_ARN: arnOf(deadLetterQueue),
    });
  });

  it('has no wildcard resource but the schedules of its group', () => {
    for (const p of permissions(name)) {
      if (p.action.startsWith('scheduler:')) continue;
      expect(JSON.stringify(p.resource)).not.toContain('*');
    }
  });
});

describe('the webhook function', () => {
  it('can hand off to the start queue and nothing more: no scheduler, no invoke, nothing on the failure queue', () => {
    const all = permissions('webhook');

    expect(all.filter((p) => p.action.startsWith('scheduler:') || p.action.startsWith('iam:'))).toEqual([]);
    expect(all.filter((p) => p.action.startsWith('lambda:'))).toEqual([]);
    expect(all.filter((p) => JSON.stringify(p.resource) === JSON.stringify(arnOf(ids().failureQueue)))).toEqual([]);
    expect(all.filter((p) => p.action.startsWith('sqs:'))).toEqual([{ action: 'sqs:SendMessage', resource: arnOf(ids().startQueue) }]);
  });
});

describe('no function', () => {
  it('may invoke another function', () => {
    for (const name of NAMES) expect(permissions(name).filter((p) => p.action.startsWith('lambda:'))).toEqual([]);
  });
});
