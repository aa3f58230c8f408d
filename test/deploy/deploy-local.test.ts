import { APIGatewayClient, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetEventSourceMappingCommand, GetFunctionCommand, LambdaClient, type GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { GetScheduleCommand, GetScheduleGroupCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { ROUTES } from '../../functions/lib/http/routes';
import { STACK_ID } from '../../infra/zoom-live-stream-stack';
import { deployLocal, type LocalDeployment } from '../../local/deploy/deploy-local';
import { deploySummary } from '../../local/deploy/deploy-summary';
import { isMotoAnswering } from '../../local/deploy/emulator-health';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localAwsEndpoint } from '../../local/deploy/local-aws';
import { LOCAL_SECRET_NAME } from '../../local/deploy/local-secret';
import { functionLogicalIds, type CfnTemplate } from '../../local/deploy/sam-template';
import { startMoto, type MotoServer } from '../support/moto';
import { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, startZoomSimulator, webhookSignature, type ZoomSimulator } from '../zoom-simulator';
import { downloadDeployedCode, type TemplateCode } from './support/deployed-code';
import { runBundle, type BundleInvocation } from './support/run-bundle';
import { sqsEvent } from './support/sqs-event';
import { extractZip } from './support/unzip';

const REPOSITORY_ROOT = path.resolve(__dirname, '../..');

/**
 * `npm run deploy:local` end to end: the real stack, synthesized and bundled by the CDK CLI, deployed
 * to a fresh moto_server; then what moto holds is checked through the AWS SDK against the synthesized
 * template, and the code packages Lambda holds are run (moto cannot run Lambda code without Docker)
 * against the secret, table and queues on moto and the Zoom simulator.
 */
const EVENTS_DIR = path.resolve(__dirname, '../../events');
const DEPLOY_TIMEOUT_MS = 300_000;
const NAMES = Object.keys(FUNCTIONS) as CatalogueName[];
const SCHEDULE_GROUP = `${STACK_ID}-meeting-times`;
const QUEUED_MEETING_ID = '85746065499';

interface TemplateFunction {
  readonly logicalId: string;
  readonly properties: {
    Runtime: string;
    Handler: string;
    Timeout: number;
    MemorySize: number;
    Architectures: string[];
    Environment: { Variables: Record<string, string> };
    Code: TemplateCode;
    Role: { 'Fn::GetAtt': [string, string] };
  };
}

let workdir: string;
let moto: MotoServer;
let zoom: ZoomSimulator;
let endpoint: string;
let deployment: LocalDeployment;
let deployMs: number;
let template: CfnTemplate;
let physicalIds: Map<string, string>;
let functionIds: Record<CatalogueName, string>;
const cdkOutput: string[] = [];

const clientConfig = () => ({ endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });
/** An output's value as moto resolved it. */
const outputOf = (key: string) => deployment.outputs.find((candidate) => candidate.key === key);
const logicalIdOfType = (type: string, pathPart: string) =>
  Object.entries(template.Resources).find(
    ([, resource]) => resource.Type === type && String(resource.Metadata?.['aws:cdk:path'] ?? '').includes(pathPart),
  )?.[0] as string;

beforeAll(async () => {
  workdir = mkdtempSync(path.join(tmpdir(), 'zoom-deploy-local-'));
  [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator({ meetings: [SIMULATOR_MEETING_ID, QUEUED_MEETING_ID] })]);
  endpoint = localAwsEndpoint(moto.port);

  const started = Date.now();
  deployment = await deployLocal({
    port: moto.port,
    outdir: path.join(workdir, 'cdk.out'),
    context: { zoomApiBaseUrl: zoom.apiBaseUrl, zoomOauthTokenUrl: zoom.tokenUrl },
    onLine: (line) => cdkOutput.push(line),
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- cdk output ---\n${cdkOutput.slice(-40).join('\n')}`);
  });
  deployMs = Date.now() - started;

  template = JSON.parse(readFileSync(path.join(deployment.outdir, `${STACK_ID}.template.json`), 'utf8')) as CfnTemplate;
  const cloudFormation = new CloudFormationClient(clientConfig());
  const resources = await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: STACK_ID }));
  cloudFormation.destroy();
  physicalIds = new Map(
    (resources.StackResources ?? []).map((resource) => [resource.LogicalResourceId ?? '', resource.PhysicalResourceId ?? '']),
  );
  functionIds = functionLogicalIds(template);
}, DEPLOY_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([moto?.stop(), zoom?.close()]);
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

function templateFunction(name: CatalogueName): TemplateFunction {
  const logicalId = functionIds[name];
  const resource = template.Resources[logicalId];
  return { logicalId, properties: resource?.Properties as unknown as TemplateFunction['properties'] };
}

async function deployedFunction(name: CatalogueName): Promise<GetFunctionCommandOutput> {
  const lambda = new LambdaClient(clientConfig());
  try {
    return await lambda.send(new GetFunctionCommand({ FunctionName: physicalIds.get(functionIds[name]) }));
  } finally {
    lambda.destroy();
  }
}

/**
 * What a template value of a variable resolves to on moto: literals as they are, `Ref` to the resource's
 * physical id, `Fn::GetAtt …Arn` to an ARN ending in that resource's name.
 */
function resolvedAs(value: unknown): unknown {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return physicalIds.get(ref);
  const [id, attribute] = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  const name = physicalIds.get(id)?.split('/').pop() ?? '';
  expect(attribute).toBe('Arn');
  return expect.stringMatching(new RegExp(`^arn:aws:[a-z]+:[a-z0-9-]*:\\d{12}:(role/)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
}

async function queueAttributes(outputKey: string): Promise<Record<string, string>> {
  const sqs = new SQSClient(clientConfig());
  try {
    const answer = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputOf(outputKey)?.value, AttributeNames: ['All'] }));
    return answer.Attributes ?? {};
  } finally {
    sqs.destroy();
  }
}

describe('npm run deploy:local against a fresh moto_server', () => {
  it('creates ZoomLiveStreamStack on the moto that was already running, importing the local secret', () => {
    expect(deployment.stackStatus).toBe('CREATE_COMPLETE');
    expect(deployment.moto.startedPid).toBeUndefined();
    expect(deployment.secret).toMatchObject({ name: LOCAL_SECRET_NAME, created: true });
    // Timing for the report; a deploy that takes minutes would show here first.
    console.log(`deploy:local took ${(deployMs / 1000).toFixed(1)} s (synth with bundling, bootstrap, deploy)`);
  });

  it('still recognises that moto afterwards, so the next deploy:local updates the stack there', async () => {
    await expect(isMotoAnswering(endpoint)).resolves.toBe(true);
  });

  it('leaves CloudFormation holding exactly the synthesized template', async () => {
    const cloudFormation = new CloudFormationClient(clientConfig());
    const held = await cloudFormation.send(new GetTemplateCommand({ StackName: STACK_ID }));
    cloudFormation.destroy();

    expect(JSON.parse(held.TemplateBody ?? '{}')).toEqual(template);
  });

  it('reports as skipped only resource types moto cannot create, never a function, role, policy, route, table, queue or event source', () => {
    const skippedTypes = new Set(deployment.skipped.map((resource) => resource.type));

    for (const type of [
      'AWS::Lambda::Function',
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
      'AWS::ApiGateway::Method',
      'AWS::ApiGateway::RestApi',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::Lambda::EventSourceMapping',
    ]) {
      expect(skippedTypes.has(type)).toBe(false);
    }
    expect([...skippedTypes]).toEqual(expect.arrayContaining(['AWS::ApiGateway::Stage', 'AWS::Scheduler::ScheduleGroup']));
  });

  it('marks the outputs moto cannot resolve (the API URLs: it skips the API stage) and prints no bare None', () => {
    expect(outputOf('ApiUrl')?.unresolved).toMatch(/^it refers to \w+ \(AWS::ApiGateway::Stage\), which moto's CloudFormation does not create$/);
    expect(outputOf('WebhookUrl')?.unresolved).toMatch(/AWS::ApiGateway::Stage/);
    expect(outputOf('StartFunctionName')).toEqual({ key: 'StartFunctionName', value: physicalIds.get(functionIds.start) });
    expect(outputOf('ScheduleGroupName')).toEqual({ key: 'ScheduleGroupName', value: SCHEDULE_GROUP });
    expect(deploySummary(deployment)).not.toMatch(/\bNone\b/);
  });

  describe('what moto leaves undone, finished through the service APIs', () => {
    it('lists each completion in the summary', () => {
      expect(deployment.completed.map((resource) => resource.type).sort()).toEqual(
        ['AWS::DynamoDB::Table', 'AWS::DynamoDB::Table', 'AWS::Lambda::EventSourceMapping', 'AWS::Scheduler::ScheduleGroup'].sort(),
      );
      expect(deploySummary(deployment)).toContain("Finished through the service APIs (moto's CloudFormation leaves them undone):");
    });

    it("creates the meeting-time schedule group by the name the functions' SCHEDULE_GROUP gives", async () => {
      const scheduler = new SchedulerClient(clientConfig());
      const group = await scheduler.send(new GetScheduleGroupCommand({ Name: SCHEDULE_GROUP }));
      scheduler.destroy();

      expect(group.State).toBe('ACTIVE');
      expect(templateFunction('meetings').properties.Environment.Variables.SCHEDULE_GROUP).toBe(SCHEDULE_GROUP);
    });

    it('gives the meetings table its time to live and point-in-time recovery', async () => {
      const dynamodb = new DynamoDBClient(clientConfig());
      const TableName = outputOf('MeetingsTableName')?.value;
      const [table, ttl, backups] = await Promise.all([
        dynamodb.send(new DescribeTableCommand({ TableName })),
        dynamodb.send(new DescribeTimeToLiveCommand({ TableName })),
        dynamodb.send(new DescribeContinuousBackupsCommand({ TableName })),
      ]);
      dynamodb.destroy();

      expect(table.Table).toMatchObject({
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'listing', AttributeType: 'S' },
          { AttributeName: 'activity', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          expect.objectContaining({
            IndexName: 'listing-by-activity',
            KeySchema: [
              { AttributeName: 'listing', KeyType: 'HASH' },
              { AttributeName: 'activity', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      });
      expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
      expect(backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
    });

    it("keeps the start worker's event source as the template says, but disabled: moto would run it in Docker", async () => {
      const lambda = new LambdaClient(clientConfig());
      const mappingId = logicalIdOfType('AWS::Lambda::EventSourceMapping', '/StartWorkerFunction/');
      const mapping = await lambda.send(new GetEventSourceMappingCommand({ UUID: physicalIds.get(mappingId) }));
      lambda.destroy();

      expect(mapping).toMatchObject({
        State: 'Disabled',
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      });
      expect(mapping.EventSourceArn).toBe((await queueAttributes('StartQueueUrl')).QueueArn);
      expect(mapping.FunctionArn).toContain(physicalIds.get(functionIds.startWorker));
    });
  });

  it('has the start queue redrive to the start failure queue after 5 receives, with six worker timeouts of visibility', async () => {
    const [queue, failures, deadLetters] = await Promise.all([
      queueAttributes('StartQueueUrl'),
      queueAttributes('StartFailureQueueUrl'),
      queueAttributes('ScheduleDeadLetterQueueUrl'),
    ]);

    expect(queue.VisibilityTimeout).toBe('360');
    expect(JSON.parse(queue.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: failures.QueueArn, maxReceiveCount: 5 });
    expect(failures.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
    expect(deadLetters.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
  });

  describe.each(NAMES)('the %s function', (name) => {
    it('is deployed with the runtime, handler, timeout, memory and environment of the template', async () => {
      const { properties } = templateFunction(name);
      const config = (await deployedFunction(name)).Configuration;

      expect(config).toMatchObject({
        Runtime: 'nodejs24.x',
        Handler: properties.Handler,
        Timeout: properties.Timeout,
        MemorySize: properties.MemorySize,
      });
      expect(properties.Runtime).toBe('nodejs24.x');
      const deployed = config?.Environment?.Variables ?? {};
      expect(Object.keys(deployed).sort()).toEqual(Object.keys(properties.Environment.Variables).sort());
      for (const [variable, value] of Object.entries(properties.Environment.Variables)) {
        expect({ variable, value: deployed[variable] }).toEqual({ variable, value: resolvedAs(value) });
      }
      if (FUNCTIONS[name].callsZoom === false) {
        expect(Object.keys(deployed).filter((variable) => variable.startsWith('ZOOM_'))).toEqual([]);
      } else {
        expect(config?.Environment?.Variables).toMatchObject({
          ZOOM_SECRET_ID: LOCAL_SECRET_NAME,
          ZOOM_API_BASE_URL: zoom.apiBaseUrl,
          ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
        });
      }
    });

    it('names only resources moto holds in its environment', () => {
      const variables = templateFunction(name).properties.Environment.Variables;

      for (const value of Object.values(variables)) expect(String(value)).not.toMatch(/\bNone\b/);
    });

    it('is declared arm64 in the deployed template (moto creates every function as x86_64 whatever it is told)', () => {
      expect(templateFunction(name).properties.Architectures).toEqual(['arm64']);
    });

    it("has a role whose only Secrets Manager right is GetSecretValue on the local secret's ARN", async () => {
      const roleName = physicalIds.get(templateFunction(name).properties.Role['Fn::GetAtt'][0]) as string;
      const iam = new IAMClient(clientConfig());
      const names = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      const statements: Array<{ Action: string | string[]; Resource: string | string[] }> = [];
      for (const policyName of names.PolicyNames ?? []) {
        const policy = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
        statements.push(...parsePolicy(policy.PolicyDocument ?? '{}').Statement);
      }
      iam.destroy();
      const secretStatements = statements.filter((statement) => list(statement.Action).some((a) => a.startsWith('secretsmanager:')));
      const [secretStatement] = secretStatements;

      expect(attached.AttachedPolicies ?? []).toEqual([]);
      expect(statements.length).toBeGreaterThan(0);
      // The only wildcard: the schedules of the meeting-time group, which are created at run time.
      const wildcards = statements.flatMap((statement) => list(statement.Resource)).filter((resource) => resource.includes('*'));
      expect(wildcards.every((resource) => resource.endsWith(`:schedule/${SCHEDULE_GROUP}/*`))).toBe(true);
      // The operator and console functions never call Zoom: no right to its secret at all.
      if (FUNCTIONS[name].callsZoom === false) return expect(secretStatements).toEqual([]);
      expect(secretStatements).toHaveLength(1);
      expect(list(secretStatement?.Action)).toEqual(['secretsmanager:GetSecretValue']);
      const accountId = deployment.secret.arn.split(':')[4];
      expect(list(secretStatement?.Resource)).toEqual([
        `arn:aws:secretsmanager:${LOCAL_REGION}:${accountId}:secret:${LOCAL_SECRET_NAME}-??????`,
      ]);
      // The pattern must cover the real secret, whose ARN carries Secrets Manager's random suffix.
      expect(deployment.secret.arn).toMatch(globToRegExp(list(secretStatement?.Resource)[0] as string));
    });
  });

  it('has a REST API with exactly the routes of ROUTES, the API key on all but the webhook, each proxying to its function', async () => {
    const apiGateway = new APIGatewayClient(clientConfig());
    const resources = await apiGateway.send(
      new GetResourcesCommand({ restApiId: deployment.api?.id, embed: ['methods'], limit: 500 }),
    );
    apiGateway.destroy();
    const methods = (resources.items ?? []).flatMap((resource) =>
      Object.entries(resource.resourceMethods ?? {}).map(([method, details]) => ({
        path: resource.path,
        method,
        apiKeyRequired: details.apiKeyRequired,
        integrationType: details.methodIntegration?.type,
        functionName: /function:([^/]+)\/invocations$/.exec(details.methodIntegration?.uri ?? '')?.[1],
      })),
    );
    const byRoute = (a: { path?: string; method: string }, b: { path?: string; method: string }) =>
      `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`);

    expect(methods.sort(byRoute)).toEqual(
      ROUTES.map((route) => ({
        path: route.resourcePath,
        method: route.method,
        apiKeyRequired: route.auth === 'api-key',
        integrationType: 'AWS_PROXY',
        functionName: physicalIds.get(functionIds[route.function]),
      })).sort(byRoute),
    );
  });

  describe('running the deployed code packages (what Lambda holds, checked by SHA-256)', () => {
    const codeDirs = new Map<CatalogueName, string>();

    beforeAll(async () => {
      for (const name of NAMES) {
        const fn = await deployedFunction(name);
        const accountId = fn.Configuration?.FunctionArn?.split(':')[4] ?? '';
        const zip = await downloadDeployedCode(endpoint, templateFunction(name).properties.Code, accountId, fn.Configuration?.CodeSha256 ?? '');
        const dir = path.join(workdir, `code-${name}`);
        mkdirSync(dir);
        extractZip(zip, dir);
        codeDirs.set(name, dir);
      }
    }, 60_000);

    beforeEach(() => zoom.reset());

    /** The function's deployed environment plus what Lambda's runtime adds, pointing the SDK at moto. */
    async function invoke(name: CatalogueName, event: unknown): Promise<BundleInvocation> {
      const config = (await deployedFunction(name)).Configuration;
      return runBundle({
        codeDir: codeDirs.get(name) as string,
        handler: config?.Handler as string,
        timeoutMs: (config?.Timeout ?? 3) * 1000,
        event,
        env: {
          ...config?.Environment?.Variables,
          AWS_LAMBDA_FUNCTION_NAME: config?.FunctionName,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config?.MemorySize),
          AWS_REGION: LOCAL_REGION,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          // Every service the functions call (Secrets Manager, DynamoDB, SQS, Scheduler) is on moto.
          AWS_ENDPOINT_URL: endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      });
    }

    function loadEvent(name: string): Record<string, unknown> {
      return JSON.parse(readFileSync(path.join(EVENTS_DIR, name), 'utf8')) as Record<string, unknown>;
    }

    /** The REST API event of events/, re-aimed at another route of the same meeting. */
    function restEvent(method: string, resourcePath: string, body: string | null = null, meetingId = SIMULATOR_MEETING_ID): Record<string, unknown> {
      const event = loadEvent('start-apigateway-rest.json');
      const requestContext = event.requestContext as Record<string, unknown>;
      const concretePath = resourcePath.replace('{meetingId}', meetingId);
      return {
        ...event,
        resource: resourcePath,
        path: concretePath,
        httpMethod: method,
        pathParameters: { meetingId },
        body,
        requestContext: { ...requestContext, resourcePath, httpMethod: method, path: `/prod${concretePath}` },
      };
    }

    it('contains only the bundle and its source map, and the files a function serves', () => {
      for (const [name, dir] of codeDirs) {
        const assets = FUNCTIONS[name].assets;
        expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map', ...(assets ? [assets] : [])].sort());
        if (assets) expect(readdirSync(path.join(dir, assets)).sort()).toEqual(readdirSync(path.join(REPOSITORY_ROOT, assets)).sort());
      }
    });

    it("serves the console's page and script from the deployed console package, under its content-security-policy", async () => {
      const page = await invoke('console', { ...restEvent('GET', '/console'), pathParameters: null });
      const script = await invoke('console', { ...restEvent('GET', '/console/{asset}'), path: '/console/app.js', pathParameters: { asset: 'app.js' } });

      expect(page.outcome).toMatchObject({ ok: true, result: { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' } } });
      const html = (page.outcome as { result: { body: string; headers: Record<string, string> } }).result;
      expect(html.body).toBe(readFileSync(path.join(REPOSITORY_ROOT, 'console', 'index.html'), 'utf8'));
      expect(html.headers['content-security-policy']).toContain("script-src 'self'");
      expect(script.outcome).toMatchObject({ ok: true, result: { statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8' } } });
    });

    it('starts the stream for the API Gateway REST start event: secret from moto, token and call on the simulator', async () => {
      const { outcome, output } = await invoke('start', loadEvent('start-apigateway-rest.json'));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      const result = (outcome as { result: { body: string } }).result;
      expect(JSON.parse(result.body)).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, action: 'start', status: 'ok' });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('started');
      expect(output).not.toContain(SIMULATOR_CREDENTIALS.clientSecret);
    });

    it('stops the stream for the API Gateway REST stop event', async () => {
      await invoke('start', loadEvent('start-apigateway-rest.json'));

      const { outcome } = await invoke('stop', loadEvent('stop-apigateway-rest.json'));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('stopped');
    });

    it.each(readdirSync(EVENTS_DIR).filter((name) => /^(start|stop)-.*\.json$/.test(name)))('accepts events/%s', async (name) => {
      const action = name.startsWith('stop-') ? 'stop' : 'start';
      if (action === 'stop') await invoke('start', loadEvent('start-scheduler.json'));

      const { outcome } = await invoke(action, loadEvent(name));

      expect(outcome).toEqual({
        ok: true,
        result: name.includes('apigateway')
          ? expect.objectContaining({ statusCode: 200 })
          : expect.objectContaining({ meetingId: SIMULATOR_MEETING_ID, action, status: 'ok' }),
      });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe(action === 'start' ? 'started' : 'stopped');
    });

    it("describes the meeting's live stream for a GET: the table on moto and Zoom's view", async () => {
      const { outcome } = await invoke('meetings', restEvent('GET', '/meetings/{meetingId}/livestream'));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      const body = JSON.parse((outcome as { result: { body: string } }).result.body) as Record<string, unknown>;
      expect(body).toMatchObject({ meetingId: SIMULATOR_MEETING_ID, autoStart: null, zoom: expect.objectContaining({ status: 'started' }) });
    });

    it("arms a registered meeting's start at its time: a one-time schedule in the group on moto, sending to the start queue", async () => {
      const meetingId = '81234567890';
      const startTime = new Date(Date.now() + 2 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      zoom.addMeeting(meetingId, { type: 2, startTime, status: 'waiting' });
      const body = JSON.stringify({ schedule: true, settings: { display_name: 'Armed' } });

      const { outcome } = await invoke('meetings', restEvent('PUT', '/meetings/{meetingId}/livestream/auto-start', body, meetingId));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(JSON.parse((outcome as { result: { body: string } }).result.body)).toMatchObject({ meetingId, nextStart: expect.any(String) });
      const scheduler = new SchedulerClient(clientConfig());
      const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: SCHEDULE_GROUP }));
      const [summary] = listed.Schedules ?? [];
      const schedule = await scheduler.send(new GetScheduleCommand({ GroupName: SCHEDULE_GROUP, Name: summary?.Name }));
      scheduler.destroy();
      const [queue, deadLetters] = await Promise.all([queueAttributes('StartQueueUrl'), queueAttributes('ScheduleDeadLetterQueueUrl')]);
      expect(listed.Schedules).toHaveLength(1);
      const roleArn = (await deployedFunction('meetings')).Configuration?.Environment?.Variables?.SCHEDULE_ROLE_ARN;
      expect(schedule.Target).toMatchObject({ Arn: queue.QueueArn, RoleArn: roleArn, DeadLetterConfig: { Arn: deadLetters.QueueArn } });
      expect(roleArn).toMatch(/:role\/.*MeetingTimeSchedulesStartRole/);
    });

    it('starts the stream for a scheduled start taken from the start queue on moto, reporting no failed record', async () => {
      const sqs = new SQSClient(clientConfig());
      const QueueUrl = outputOf('StartQueueUrl')?.value;
      const queueArn = (await queueAttributes('StartQueueUrl')).QueueArn as string;
      // What a configured schedule sends (schedulePayload): the plain payload of events/start-scheduler.json,
      // for a meeting no earlier test started (a start minutes before a schedule counts as the schedule's).
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ ...loadEvent('start-scheduler.json'), meetingId: QUEUED_MEETING_ID }) }));
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));

      const { outcome } = await invoke('startWorker', sqsEvent(queueArn, received.Messages ?? []));

      for (const message of received.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      sqs.destroy();
      expect(received.Messages).toHaveLength(1);
      expect(outcome).toEqual({ ok: true, result: { batchItemFailures: [] } });
      expect(zoom.meetingState(QUEUED_MEETING_ID)).toMatchObject({ status: 'started', settings: expect.objectContaining({ display_name: 'All hands' }) });
    });

    it("answers Zoom's signed URL validation on the webhook, with the token from the secret on moto", async () => {
      const secretsManager = new SecretsManagerClient(clientConfig());
      const current = JSON.parse((await secretsManager.send(new GetSecretValueCommand({ SecretId: LOCAL_SECRET_NAME }))).SecretString ?? '{}') as object;
      const webhookSecretToken = 'local-webhook-secret-token';
      await secretsManager.send(new PutSecretValueCommand({ SecretId: LOCAL_SECRET_NAME, SecretString: JSON.stringify({ ...current, webhookSecretToken }) }));
      secretsManager.destroy();
      const body = JSON.stringify({ event: 'endpoint.url_validation', event_ts: Date.now(), payload: { plainToken: 'plain-token-123' } });
      const timestamp = Math.floor(Date.now() / 1000);
      const event = {
        ...restEvent('POST', '/webhooks/zoom', body),
        pathParameters: null,
        headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': String(timestamp), 'x-zm-signature': webhookSignature(webhookSecretToken, timestamp, body) },
        multiValueHeaders: {},
      };

      const { outcome } = await invoke('webhook', event);

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(JSON.parse((outcome as { result: { body: string } }).result.body)).toMatchObject({ plainToken: 'plain-token-123', encryptedToken: expect.any(String) });
    });
  });
});

/** GetRolePolicy's document is URL-encoded JSON on AWS; moto may return it decoded. */
function parsePolicy(document: string): { Statement: Array<{ Action: string | string[]; Resource: string | string[] }> } {
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  return JSON.parse(text) as { Statement: Array<{ Action: string | string[]; Resource: string | string[] }> };
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\*]/g, (c) => (c === '*' ? '.*' : `\\${c}`)).replace(/\?/g, '.')}$`);
}
