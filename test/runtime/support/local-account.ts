import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
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
  readonly secretName: string;
}

export interface LocalAccountOptions {
  readonly motoEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /** The secret's JSON. */
  readonly secret: string;
  /** The literal SCHEDULE_GROUP the functions manage schedules in (created on moto). */
  readonly scheduleGroups: readonly string[];
}

/**
 * Stands up, on the emulators, every resource the functions' variables refer to: the secret, the
 * queues and the schedule groups on moto, the table on dynalite. Driven by the references in the
 * template, so a variable a new function adds is resolved, or fails naming itself.
 */
export async function createLocalAccount(synthesized: SynthesizedFunctions, options: LocalAccountOptions): Promise<LocalAccount> {
  const config = { endpoint: options.motoEndpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  const references = new Map<string, Reference>();
  for (const fn of Object.values(synthesized.functions)) {
    resolveVariables(fn, synthesized.resourceTypes, (reference) => {
      references.set(`${reference.logicalId}.${reference.attribute}`, reference);
      return '';
    });
  }
  const resolved = new Map<string, string>();
  const queueUrls = new Map<string, string>();
  const secretName = 'zoom-livestream/ric';
  const tableName = 'meetings-ric';
  const sqs = new SQSClient(config);
  const scheduler = new SchedulerClient(config);
  const dynamo = dynamoDbClient(options.dynamoDbEndpoint);
  let secretArn = '';
  try {
    secretArn = await createSecret(options.motoEndpoint, secretName, options.secret);
    await createMeetingsTable(dynamo, tableName);
    for (const group of options.scheduleGroups) await scheduler.send(new CreateScheduleGroupCommand({ Name: group }));
    for (const [key, reference] of references) {
      resolved.set(key, await localValue(reference));
    }
  } finally {
    sqs.destroy();
    scheduler.destroy();
    dynamo.destroy();
  }

  async function localValue({ logicalId, type, attribute }: Reference): Promise<string> {
    switch (`${type} ${attribute}`) {
      case 'AWS::SecretsManager::Secret Ref':
        // A Ref to a secret is its ARN; the functions pass it to GetSecretValue as the SecretId.
        return secretArn;
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
    secretName,
  };
}
