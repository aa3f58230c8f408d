import { APIGatewayClient, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws';
import { stackOutputs, type StackOutput, type TemplateOutputs } from './stack-outputs';

export interface DeployedFunction {
  readonly logicalId: string;
  readonly name: string;
  readonly runtime?: string;
  readonly handler?: string;
}

export interface DeployedRoute {
  readonly method: string;
  readonly path: string;
  readonly apiKeyRequired: boolean;
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
}

/** What CloudFormation on the emulator holds for the stack, read back through the AWS APIs. */
export interface LocalStackDescription {
  readonly stackName: string;
  readonly stackStatus: string;
  /** In template order, each marked when moto could not resolve it. */
  readonly outputs: readonly StackOutput[];
  readonly functions: readonly DeployedFunction[];
  readonly api?: { readonly id: string; readonly routes: readonly DeployedRoute[] };
  /** Resources of the deployed template that the emulator's CloudFormation did not create. */
  readonly skipped: readonly TemplateResource[];
}

interface TemplateBody extends TemplateOutputs {
  Resources?: Record<string, { Type?: string }>;
}

export async function describeLocalStack(endpoint: string, stackName: string): Promise<LocalStackDescription> {
  const clientConfig = { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
  const cloudFormation = new CloudFormationClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const apiGateway = new APIGatewayClient(clientConfig);
  try {
    const [stacks, resources, template] = await Promise.all([
      cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })),
      cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName })),
      cloudFormation.send(new GetTemplateCommand({ StackName: stackName })),
    ]);
    const stack = stacks.Stacks?.[0];
    const outputValues: Record<string, string> = {};
    for (const output of stack?.Outputs ?? []) {
      if (output.OutputKey && output.OutputValue !== undefined) outputValues[output.OutputKey] = output.OutputValue;
    }

    const created = (resources.StackResources ?? []).filter(
      (resource) => resource.LogicalResourceId && resource.LogicalResourceId !== 'None',
    );
    const physicalIdOf = (type: string) =>
      created.filter((resource) => resource.ResourceType === type && resource.PhysicalResourceId);

    const functions: DeployedFunction[] = [];
    for (const resource of physicalIdOf('AWS::Lambda::Function')) {
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: resource.PhysicalResourceId }));
      functions.push({
        logicalId: resource.LogicalResourceId as string,
        name: resource.PhysicalResourceId as string,
        runtime: config.Runtime,
        handler: config.Handler,
      });
    }

    const apiId = physicalIdOf('AWS::ApiGateway::RestApi')[0]?.PhysicalResourceId;
    let api: LocalStackDescription['api'];
    if (apiId) {
      const apiResources = await apiGateway.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: 500 }));
      const routes: DeployedRoute[] = [];
      for (const resource of apiResources.items ?? []) {
        for (const [method, details] of Object.entries(resource.resourceMethods ?? {})) {
          routes.push({ method, path: resource.path ?? '', apiKeyRequired: details.apiKeyRequired === true });
        }
      }
      routes.sort((a, b) => a.path.localeCompare(b.path));
      api = { id: apiId, routes };
    }

    const body = JSON.parse(template.TemplateBody ?? '{}') as TemplateBody;
    const createdIds = new Set(created.map((resource) => resource.LogicalResourceId));
    const skipped = Object.entries(body.Resources ?? {})
      .filter(([logicalId]) => !createdIds.has(logicalId))
      .map(([logicalId, resource]) => ({ logicalId, type: resource.Type ?? 'unknown' }));

    return {
      stackName,
      stackStatus: stack?.StackStatus ?? 'UNKNOWN',
      outputs: stackOutputs(body, outputValues, skipped),
      functions,
      api,
      skipped,
    };
  } finally {
    cloudFormation.destroy();
    lambda.destroy();
    apiGateway.destroy();
  }
}
