import { APIGatewayClient, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, DescribeStackResourcesCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient, type GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROUTES, type LiveStreamAction } from '../../functions/lib/http/routes';
import { STACK_ID } from '../../infra/zoom-live-stream-stack';
import { deployLocal, type LocalDeployment } from '../../local/deploy/deploy-local';
import { deploySummary } from '../../local/deploy/deploy-summary';
import { isMotoAnswering } from '../../local/deploy/emulator-health';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localAwsEndpoint } from '../../local/deploy/local-aws';
import { LOCAL_SECRET_NAME } from '../../local/deploy/local-secret';
import { functionLogicalIds, type CfnTemplate } from '../../local/deploy/sam-template';
import { startMoto, type MotoServer } from '../support/moto';
import { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { downloadDeployedCode, type TemplateCode } from './support/deployed-code';
import { runBundle, type BundleInvocation } from './support/run-bundle';
import { extractZip } from './support/unzip';

/**
 * `npm run deploy:local` end to end: the real stack, synthesized and bundled by the CDK CLI, deployed
 * to a fresh moto_server; then what moto holds is checked through the AWS SDK against the synthesized
 * template, and the code packages Lambda holds are run (moto cannot run Lambda code without Docker)
 * against the secret on moto and the Zoom simulator.
 */
const EVENTS_DIR = path.resolve(__dirname, '../../events');
const DEPLOY_TIMEOUT_MS = 300_000;

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
let functionIds: Record<LiveStreamAction, string>;
const cdkOutput: string[] = [];

const clientConfig = () => ({ endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } });

beforeAll(async () => {
  workdir = mkdtempSync(path.join(tmpdir(), 'zoom-deploy-local-'));
  [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator({ meetings: [SIMULATOR_MEETING_ID] })]);
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

function templateFunction(action: LiveStreamAction): TemplateFunction {
  const logicalId = functionIds[action];
  const resource = template.Resources[logicalId];
  return { logicalId, properties: resource?.Properties as unknown as TemplateFunction['properties'] };
}

async function deployedFunction(action: LiveStreamAction): Promise<GetFunctionCommandOutput> {
  const lambda = new LambdaClient(clientConfig());
  try {
    return await lambda.send(new GetFunctionCommand({ FunctionName: physicalIds.get(functionIds[action]) }));
  } finally {
    lambda.destroy();
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

  it('reports as skipped only resource types moto cannot create, never a function, role, policy or route', () => {
    const skippedTypes = new Set(deployment.skipped.map((resource) => resource.type));

    for (const type of ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::RestApi']) {
      expect(skippedTypes.has(type)).toBe(false);
    }
    expect(deployment.skipped.map((resource) => resource.type)).toContain('AWS::ApiGateway::Stage');
  });

  it('marks the outputs moto cannot resolve (the API URLs: it skips the API stage) and prints no bare None', () => {
    const output = (key: string) => deployment.outputs.find((candidate) => candidate.key === key);

    expect(output('ApiUrl')?.unresolved).toMatch(/^it refers to \w+ \(AWS::ApiGateway::Stage\), which moto's CloudFormation does not create$/);
    expect(output('StartFunctionName')).toEqual({ key: 'StartFunctionName', value: physicalIds.get(functionIds.start) });
    expect(deploySummary(deployment)).not.toMatch(/\bNone\b/);
  });

  describe.each(ROUTES.map((route) => [route.action] as const))('the %s function', (action) => {
    it('is deployed with the runtime, handler, timeout, memory and environment of the template', async () => {
      const { properties } = templateFunction(action);
      const config = (await deployedFunction(action)).Configuration;

      expect(config).toMatchObject({
        Runtime: 'nodejs22.x',
        Handler: properties.Handler,
        Timeout: properties.Timeout,
        MemorySize: properties.MemorySize,
      });
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(config?.Environment?.Variables).toEqual(properties.Environment.Variables);
      expect(config?.Environment?.Variables).toMatchObject({
        ZOOM_SECRET_ID: LOCAL_SECRET_NAME,
        ZOOM_API_BASE_URL: zoom.apiBaseUrl,
        ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
      });
    });

    it('is declared arm64 in the deployed template (moto creates every function as x86_64 whatever it is told)', () => {
      expect(templateFunction(action).properties.Architectures).toEqual(['arm64']);
    });

    it("has a role whose only Secrets Manager right is GetSecretValue on the local secret's ARN", async () => {
      const roleName = physicalIds.get(templateFunction(action).properties.Role['Fn::GetAtt'][0]) as string;
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
      expect(statements.flatMap((statement) => list(statement.Resource))).not.toContain('*');
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

  it('has a REST API with exactly the two POST routes, each requiring an API key and proxying to its function', async () => {
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

    expect(methods.sort((a, b) => String(a.path).localeCompare(String(b.path)))).toEqual(
      ROUTES.map((route) => ({
        path: route.resourcePath,
        method: 'POST',
        apiKeyRequired: true,
        integrationType: 'AWS_PROXY',
        functionName: physicalIds.get(functionIds[route.action]),
      })),
    );
  });

  describe('running the deployed code packages (what Lambda holds, checked by SHA-256)', () => {
    const codeDirs = new Map<LiveStreamAction, string>();

    beforeAll(async () => {
      for (const { action } of ROUTES) {
        const fn = await deployedFunction(action);
        const accountId = fn.Configuration?.FunctionArn?.split(':')[4] ?? '';
        const zip = await downloadDeployedCode(endpoint, templateFunction(action).properties.Code, accountId, fn.Configuration?.CodeSha256 ?? '');
        const dir = path.join(workdir, `code-${action}`);
        mkdirSync(dir);
        extractZip(zip, dir);
        codeDirs.set(action, dir);
      }
    }, 60_000);

    beforeEach(() => zoom.reset());

    /** The function's deployed environment plus what Lambda's runtime adds, pointing the SDK at moto. */
    async function invoke(action: LiveStreamAction, event: unknown): Promise<BundleInvocation> {
      const config = (await deployedFunction(action)).Configuration;
      return runBundle({
        codeDir: codeDirs.get(action) as string,
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
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      });
    }

    function loadEvent(name: string): unknown {
      return JSON.parse(readFileSync(path.join(EVENTS_DIR, name), 'utf8'));
    }

    it('contains only the bundle and its source map', () => {
      for (const dir of codeDirs.values()) expect(readdirSync(dir).sort()).toEqual(['index.js', 'index.js.map']);
    });

    it('starts the stream for the API Gateway REST start event: secret from moto, token and call on the simulator', async () => {
      const { outcome, output } = await invoke('start', loadEvent('start-apigateway-rest.json'));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      const result = (outcome as { result: { body: string } }).result;
      expect(JSON.parse(result.body)).toEqual({ meetingId: SIMULATOR_MEETING_ID, action: 'start', status: 'ok' });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('started');
      expect(zoom.apiRequests).toHaveLength(1);
      expect(output).not.toContain(SIMULATOR_CREDENTIALS.clientSecret);
    });

    it('stops the stream for the API Gateway REST stop event', async () => {
      await invoke('start', loadEvent('start-apigateway-rest.json'));

      const { outcome } = await invoke('stop', loadEvent('stop-apigateway-rest.json'));

      expect(outcome).toMatchObject({ ok: true, result: { statusCode: 200 } });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe('stopped');
    });

    it.each(readdirSync(EVENTS_DIR).filter((name) => name.endsWith('.json')))('accepts events/%s', async (name) => {
      const action: LiveStreamAction = name.startsWith('stop-') ? 'stop' : 'start';
      if (action === 'stop') await invoke('start', loadEvent('start-scheduler.json'));

      const { outcome } = await invoke(action, loadEvent(name));

      expect(outcome).toEqual({
        ok: true,
        result: name.includes('apigateway')
          ? expect.objectContaining({ statusCode: 200 })
          : { meetingId: SIMULATOR_MEETING_ID, action, status: 'ok' },
      });
      expect(zoom.meetingState(SIMULATOR_MEETING_ID)?.status).toBe(action === 'start' ? 'started' : 'stopped');
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
