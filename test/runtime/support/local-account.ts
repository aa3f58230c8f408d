import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSecret, MOTO_CREDENTIALS, MOTO_REGION } from '../../support/moto';
import { createMeetingsTable, dynamoDbClient } from '../../support/dynalite';
import { resolveVariables, type Reference, type StackFunction, type SynthesizedFunctions } from './stack-bundles';

export const ACCOUNT_ID = '123456789012';

export interface LocalAccount {
  /** The function's variables with each reference replaced by the local resource standing for it. */
  variablesOf(fn: StackFunction): Record<string, string>;
  /** What aims the AWS SDK at the emulators, with Lambda's region and (fake) credentials. */
  readonly awsEnv: Readonly<Record<string, string>>;
  /** The URL of the local queue standing for the template's queue `logicalId`. */
  queueUrl(logicalId: string): string;
  readonly tableName: string;
  /** The local ARN standing for the template's topic `logicalId`. */
  topicArn(logicalId: string): string;
}

export interface LocalAccountOptions {
  readonly motoEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /**
   * Each secret's JSON, by the variable that names it (`ZOOM_SECRET_ID`, `ZOOM_WEBHOOK_SECRET_ID`):
   * one local secret per secret of the template.
   */
  readonly secrets: Readonly<Record<string, string>>;
  /** The literal SCHEDULE_GROUP the functions manage schedules in (created on moto). */
  readonly scheduleGroups: readonly string[];
}

/**
 * Stands up, on the emulators, every resource the functions' variables refer to: the secrets, the
 * queues, the topic and the schedule groups on moto, the table (keys and indexes as the template
 * declares them) on dynalite. Driven by the references in the
 * template, so a variable a new function adds is resolved, or fails naming itself.
 */
export async function createLocalAccount(synthesized: SynthesizedFunctions, options: LocalAccountOptions): Promise<LocalAccount> {
  const config = { endpoint: options.motoEndpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  const references = new Map<string, Reference>();
  /** Which variable names each secret: that variable's JSON is the secret's value. */
  const secretVariables = new Map<string, string>();
  for (const fn of Object.values(synthesized.functions)) {
    resolveVariables(fn, synthesized.resourceTypes, (reference) => {
      references.set(`${reference.logicalId}.${reference.attribute}`, reference);
      return '';
    });
    for (const [variable, value] of Object.entries(fn.variables)) {
      if (typeof value === 'string' || !('Ref' in value) || synthesized.resourceTypes.get(value.Ref) !== 'AWS::SecretsManager::Secret') continue;
      const known = secretVariables.get(value.Ref);
      if (known !== undefined && known !== variable) throw new Error(`secret ${value.Ref} is named by both ${known} and ${variable}`);
      secretVariables.set(value.Ref, variable);
    }
  }
  const resolved = new Map<string, string>();
  const queueUrls = new Map<string, string>();
  const topicArns = new Map<string, string>();
  const tableName = 'meetings-ric';
  const sqs = new SQSClient(config);
  const sns = new SNSClient(config);
  const scheduler = new SchedulerClient(config);
  const dynamo = dynamoDbClient(options.dynamoDbEndpoint);
  try {
    await createMeetingsTable(dynamo, tableName, synthesized.table);
    for (const group of options.scheduleGroups) await scheduler.send(new CreateScheduleGroupCommand({ Name: group }));
    for (const [key, reference] of references) {
      resolved.set(key, await localValue(reference));
    }
  } finally {
    sqs.destroy();
    sns.destroy();
    scheduler.destroy();
    dynamo.destroy();
  }

  async function localValue({ logicalId, type, attribute }: Reference): Promise<string> {
    switch (`${type} ${attribute}`) {
      case 'AWS::SecretsManager::Secret Ref': {
        // A Ref to a secret is its ARN; the functions pass it to GetSecretValue as the SecretId.
        const variable = secretVariables.get(logicalId) ?? '';
        const value = options.secrets[variable];
        if (value === undefined) throw new Error(`no secret value for ${variable} (secret ${logicalId}): pass it in secrets`);
        return createSecret(options.motoEndpoint, `zoom-livestream/ric/${logicalId}`, value);
      }
      case 'AWS::SNS::Topic Ref':
        return topicArn(logicalId);
      case 'AWS::DynamoDB::Table Ref':
        return tableName;
      case 'AWS::SQS::Queue Ref':
        return queueUrl(logicalId);
      case 'AWS::SQS::Queue Arn':
        return queueArn(logicalId);
      case 'AWS::IAM::Role Arn':
        return `arn:aws:iam::${ACCOUNT_ID}:role/${logicalId}`;
      default:
        throw new Error(`no local stand-in for ${logicalId} (${type}, ${attribute}): add one in test/runtime/support/local-account.ts`);
    }
  }

  async function queueUrl(logicalId: string): Promise<string> {
    const known = queueUrls.get(logicalId);
    if (known) return known;
    const created = await sqs.send(new CreateQueueCommand({ QueueName: logicalId }));
    queueUrls.set(logicalId, created.QueueUrl as string);
    return created.QueueUrl as string;
  }

  async function topicArn(logicalId: string): Promise<string> {
    const created = await sns.send(new CreateTopicCommand({ Name: logicalId }));
    topicArns.set(logicalId, created.TopicArn as string);
    return created.TopicArn as string;
  }

  async function queueArn(logicalId: string): Promise<string> {
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await queueUrl(logicalId), AttributeNames: ['QueueArn'] }));
    return attributes.Attributes?.QueueArn as string;
  }

  return {
    variablesOf: (fn) => resolveVariables(fn, synthesized.resourceTypes, ({ logicalId, attribute }) => resolved.get(`${logicalId}.${attribute}`) as string),
    awsEnv: {
      AWS_REGION: MOTO_REGION,
      AWS_DEFAULT_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: 'ric-session',
      // Secrets Manager, SQS and Scheduler on moto; DynamoDB on dynalite (atomic conditional writes).
      AWS_ENDPOINT_URL: options.motoEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    },
    queueUrl: (logicalId) => {
      const url = queueUrls.get(logicalId);
      if (!url) throw new Error(`no function refers to queue ${logicalId}`);
      return url;
    },
    tableName,
    topicArn: (logicalId) => {
      const arn = topicArns.get(logicalId);
      if (!arn) throw new Error(`no function refers to topic ${logicalId}`);
      return arn;
    },
  };
}
