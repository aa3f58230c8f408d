import { CloudFormationClient, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { ConflictException, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';

/** A resource of the deployed template that deploy:local finished through its service's API. */
export interface CompletedResource {
  readonly logicalId: string;
  readonly type: string;
  /** What was done, and why moto's CloudFormation did not do it. */
  readonly done: string;
}

interface TemplateResource {
  Type?: string;
  Properties?: Record<string, unknown>;
}

/**
 * Finishes, through the service APIs, what moto's CloudFormation leaves undone of the template, so the
 * functions find on moto what they would find on AWS. Each step is idempotent, for redeploys:
 * - a schedule group it skips (no AWS::Scheduler support) is created by its name, which the template
 *   gives it and the functions' SCHEDULE_GROUP names;
 * - a table's TimeToLiveSpecification and PointInTimeRecoverySpecification, which it ignores, are applied;
 * - an SQS event source mapping is disabled: moto would run the function in Docker for every message
 *   sent, and without Docker each failed run counts as a receive, so after five sends the messages would
 *   be redriven to the failure queue. The deploy tests run the worker's bundle on the messages instead.
 */
export async function completeOnMoto(endpoint: string, stackName: string): Promise<CompletedResource[]> {
  const config = { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
  const cloudFormation = new CloudFormationClient(config);
  const dynamodb = new DynamoDBClient(config);
  const lambda = new LambdaClient(config);
  const scheduler = new SchedulerClient(config);
  try {
    const [template, stackResources] = await Promise.all([
      cloudFormation.send(new GetTemplateCommand({ StackName: stackName })),
      cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName })),
    ]);
    const resources = (JSON.parse(template.TemplateBody ?? '{}') as { Resources?: Record<string, TemplateResource> }).Resources ?? {};
    const physicalIds = new Map(
      (stackResources.StackResources ?? [])
        .filter((resource) => resource.PhysicalResourceId && resource.PhysicalResourceId !== 'None')
        .map((resource) => [resource.LogicalResourceId, resource.PhysicalResourceId as string]),
    );

    const completed: CompletedResource[] = [];
    for (const [logicalId, resource] of Object.entries(resources)) {
      const physicalId = physicalIds.get(logicalId);
      const properties = resource.Properties ?? {};
      const note = (done: string) => completed.push({ logicalId, type: resource.Type ?? 'unknown', done });
      switch (resource.Type) {
        case 'AWS::Scheduler::ScheduleGroup': {
          const name = properties.Name;
          if (physicalId || typeof name !== 'string') break;
          await scheduler.send(new CreateScheduleGroupCommand({ Name: name })).catch((error: unknown) => {
            if (!(error instanceof ConflictException)) throw error;
          });
          note(`schedule group ${name} created through the Scheduler API (moto's CloudFormation has no AWS::Scheduler types)`);
          break;
        }
        case 'AWS::DynamoDB::Table': {
          if (!physicalId) break;
          const ttl = properties.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
          if (ttl?.Enabled) {
            const current = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: physicalId }));
            if (current.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
              await dynamodb.send(
                new UpdateTimeToLiveCommand({ TableName: physicalId, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }),
              );
            }
            note(`time to live on ${ttl.AttributeName} enabled through the DynamoDB API (moto's CloudFormation ignores TimeToLiveSpecification)`);
          }
          const pitr = properties.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined;
          if (pitr?.PointInTimeRecoveryEnabled) {
            await dynamodb.send(
              new UpdateContinuousBackupsCommand({
                TableName: physicalId,
                PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              }),
            );
            note("point-in-time recovery enabled through the DynamoDB API (moto's CloudFormation ignores PointInTimeRecoverySpecification)");
          }
          break;
        }
        case 'AWS::Lambda::EventSourceMapping': {
          if (!physicalId) break;
          const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: physicalId }));
          if (mapping.State !== 'Disabled') await lambda.send(new UpdateEventSourceMappingCommand({ UUID: physicalId, Enabled: false }));
          note('disabled: moto would run the function in Docker for every message and, without it, redrive the messages as failed');
          break;
        }
      }
    }
    return completed;
  } finally {
    cloudFormation.destroy();
    dynamodb.destroy();
    lambda.destroy();
    scheduler.destroy();
  }
}
