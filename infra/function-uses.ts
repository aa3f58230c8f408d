import { aws_dynamodb as dynamodb, aws_iam as iam, aws_lambda as lambda, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { LISTING_INDEX } from '../functions/lib/aws/dynamodb-listing';
import type { FunctionUses } from '../functions/lib/handlers/function-catalogue';
import type { MeetingTimeSchedules } from './meeting-time-schedules';

/** The stack's resources a function's code may use (function-catalogue.ts says which). */
export interface UsableResources {
  readonly table: dynamodb.ITable;
  readonly startQueue: sqs.IQueue;
  readonly startFailureQueue: sqs.IQueue;
  readonly meetingTimes: MeetingTimeSchedules;
  /** One container's share of the Zoom request rate of all containers of a pacing function. */
  readonly zoomRequestsPerContainer: number;
  /** Where failure notices go; none without `alarmEmail` or `notificationTopicArn`. */
  readonly notificationTopic?: sns.ITopic;
}

type Wiring<K extends keyof FunctionUses> = (
  fn: lambda.Function,
  value: NonNullable<FunctionUses[K]>,
  resources: UsableResources,
  uses: FunctionUses,
) => void;

/** What the shared Zoom token needs: reading it and leasing/publishing it by UpdateItem. */
const TOKEN_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;
/** The shared token's items; the functions' other items have other key prefixes. */
export const TOKEN_KEY_PATTERN = 'token#*';

/**
 * One entry per kind of use, each setting the variables the code reads and granting what it does with
 * them in the same place, so a variable never comes without its permission or the other way round.
 * Every key of FunctionUses must have an entry: a new kind of use fails to compile until it is wired.
 */
const WIRINGS: { readonly [K in keyof FunctionUses]-?: Wiring<K> } = {
  table: (fn, actions, { table }, uses) => {
    fn.addEnvironment('MEETINGS_TABLE', table.tableName);
    // Explicit actions rather than table.grant*(): those add batch and query actions and index ARNs
    // the code never uses.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'MeetingsTable',
        actions: [...actions],
        resources: [table.tableArn],
        ...(uses.tableKeys ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...uses.tableKeys] } } } : {}),
      }),
    );
  },
  // Applied by `table` above, as its condition.
  tableKeys: () => undefined,
  // Granted where the function's secret is (live-stream-function.ts), in place of the Zoom credentials.
  webhookSecretOnly: () => undefined,
  sharedToken: (fn, _on, { table }, uses) => {
    fn.addEnvironment('MEETINGS_TABLE', table.tableName);
    // A function with these actions on the whole table already has them on the token's items.
    if (TOKEN_ACTIONS.every((action) => uses.table?.includes(action))) return;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SharedZoomToken',
        actions: [...TOKEN_ACTIONS],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [TOKEN_KEY_PATTERN] } },
      }),
    );
  },
  sendsToStartQueue: (fn, _on, { startQueue }) => {
    fn.addEnvironment('START_QUEUE_URL', startQueue.queueUrl);
    // queue.grantSendMessages() would add GetQueueAttributes and GetQueueUrl, which the code does not call.
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'SendToStartQueue', actions: ['sqs:SendMessage'], resources: [startQueue.queueArn] }));
  },
  sendsToFailureQueue: (fn, _on, { startFailureQueue }) => {
    fn.addEnvironment('START_FAILURE_QUEUE_URL', startFailureQueue.queueUrl);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ParkFailedStarts', actions: ['sqs:SendMessage'], resources: [startFailureQueue.queueArn] }),
    );
  },
  managesSchedules: (fn, _on, { meetingTimes }) => {
    fn.addEnvironment('SCHEDULE_GROUP', meetingTimes.groupName);
    fn.addEnvironment('SCHEDULE_ROLE_ARN', meetingTimes.startRole.roleArn);
    fn.addEnvironment('SCHEDULE_TARGET_ARN', meetingTimes.startQueue.queueArn);
    fn.addEnvironment('SCHEDULE_DLQ_ARN', meetingTimes.deadLetterQueue.queueArn);
    meetingTimes.grantManageSchedules(fn);
    // The variable names the group without referring to it: the group must exist before the function.
    fn.node.addDependency(meetingTimes.group);
  },
  listsTable: (fn, _on, { table }) => {
    fn.addEnvironment('MEETINGS_TABLE', table.tableName);
    // The index only: a Query of the table itself (or a Scan) is not what the lists do.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ListingIndex', actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${LISTING_INDEX}`] }),
    );
  },
  publishesFailures: (fn, _on, { notificationTopic }) => {
    // Without a topic the failures are still recorded and listed; nobody is told.
    if (!notificationTopic) return;
    fn.addEnvironment('FAILURE_TOPIC_ARN', notificationTopic.topicArn);
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'PublishFailureNotices', actions: ['sns:Publish'], resources: [notificationTopic.topicArn] }));
  },
  pacesZoomRequests: (fn, _on, { zoomRequestsPerContainer }) => {
    // No permission: the containers pace themselves so that together they stay within the rate.
    fn.addEnvironment('ZOOM_REQUESTS_PER_SECOND', String(zoomRequestsPerContainer));
  },
};

/** Sets the variables of, and grants, exactly what `uses` declares. */
export function wireUses(fn: lambda.Function, uses: FunctionUses, resources: UsableResources): void {
  for (const key of Object.keys(WIRINGS) as Array<keyof FunctionUses>) {
    const value = uses[key];
    if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    (WIRINGS[key] as Wiring<typeof key>)(fn, value as never, resources, uses);
  }
}
