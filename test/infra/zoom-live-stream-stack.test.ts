import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTIONS, type CatalogueName } from '../../functions/lib/handlers/function-catalogue';
import { ROUTES } from '../../functions/lib/http/routes';
import { buildStack, logicalIdOf, statementsMentioning, type BuiltStack } from './helpers/build-stack';

const NAMES = Object.keys(FUNCTIONS) as CatalogueName[];
/** The functions that read the Zoom secret; the operator's and the console's never call Zoom. */
const ZOOM_CALLERS = NAMES.filter((name) => FUNCTIONS[name].callsZoom !== false);

type Resource = { Properties?: Record<string, unknown> };

/** Values of a CloudFormation resource type, keyed by logical id. */
function resourcesOf(built: BuiltStack, type: string): Record<string, Resource> {
  return built.template.findResources(type) as Record<string, Resource>;
}

/** The full path of every API Gateway resource, by logical id, from the ParentId chain. */
function resourcePaths(built: BuiltStack): Map<string, string> {
  const resources = resourcesOf(built, 'AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const properties = resources[id]?.Properties ?? {};
    const parent = (properties.ParentId as { Ref?: string }).Ref;
    return `${parent ? pathOf(parent) : ''}/${String(properties.PathPart)}`;
  };
  return new Map(Object.keys(resources).map((id) => [id, pathOf(id)]));
}

/** The method of a route: its path's resource and its HTTP method. */
function methodOf(built: BuiltStack, route: (typeof ROUTES)[number]): Resource | undefined {
  const resourceId = [...resourcePaths(built)].find(([, path]) => path === route.resourcePath)?.[0];
  return Object.values(resourcesOf(built, 'AWS::ApiGateway::Method')).find(
    (method) =>
      (method.Properties?.ResourceId as { Ref?: string }).Ref === resourceId && method.Properties?.HttpMethod === route.method,
  );
}

describe('ZoomLiveStreamStack (secret created by the stack)', () => {
  let built: BuiltStack;

  beforeAll(() => {
    // Arrange (shared): one build for every assertion on the default configuration.
    built = buildStack();
  });

  const functionId = (name: CatalogueName) => logicalIdOf(built, built.stack.functions[name]);

  describe('API', () => {
    it('is a REST API with a regional endpoint', () => {
      built.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
      built.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        EndpointConfiguration: { Types: ['REGIONAL'] },
      });
    });

    it('has exactly one method per route of ROUTES, with its HTTP method', () => {
      const methods = Object.values(resourcesOf(built, 'AWS::ApiGateway::Method'));

      expect(methods).toHaveLength(ROUTES.length);
      for (const route of ROUTES) expect({ route: route.resourcePath, found: methodOf(built, route) !== undefined }).toEqual({ route: route.resourcePath, found: true });
    });

    it('builds the resource tree of every route path and no other', () => {
      const paths = new Set(resourcePaths(built).values());
      const expected = new Set(
        ROUTES.flatMap((route) => {
          const parts = route.resourcePath.split('/').filter(Boolean);
          return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
        }),
      );

      expect(paths).toEqual(expected);
    });

    it.each(ROUTES.map((route) => [route.method, route.resourcePath, route.function] as const))(
      'integrates %s %s with the %s function as a Lambda proxy',
      (method, resourcePath, name) => {
        const route = ROUTES.find((candidate) => candidate.method === method && candidate.resourcePath === resourcePath)!;
        const integration = methodOf(built, route)?.Properties?.Integration as { Type: string; IntegrationHttpMethod: string };

        expect(integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
        expect(JSON.stringify(integration)).toContain(`"${functionId(name)}"`);
      },
    );

    it.each(ROUTES.filter((route) => route.auth === 'api-key').map((route) => [route.method, route.resourcePath] as const))(
      'requires the API key on %s %s',
      (method, resourcePath) => {
        const route = ROUTES.find((candidate) => candidate.method === method && candidate.resourcePath === resourcePath)!;

        expect(methodOf(built, route)?.Properties).toMatchObject({ ApiKeyRequired: true, AuthorizationType: 'NONE' });
      },
    );

    it("lets Zoom's webhook in without an API key (the function checks Zoom's signature)", () => {
      const webhook = ROUTES.filter((route) => route.auth === 'zoom-signature');

      expect(webhook.map((route) => `${route.method} ${route.resourcePath}`)).toEqual(['POST /webhooks/zoom']);
      expect(methodOf(built, webhook[0]!)?.Properties).toMatchObject({ ApiKeyRequired: false, AuthorizationType: 'NONE' });
    });

    it("serves the console's page and files without an API key, and nothing else", () => {
      const open = ROUTES.filter((route) => route.auth === 'public');

      expect(open.map((route) => `${route.method} ${route.resourcePath} ${route.function}`)).toEqual(['GET /console console', 'GET /console/{asset} console']);
      for (const route of open) expect(methodOf(built, route)?.Properties).toMatchObject({ ApiKeyRequired: false, AuthorizationType: 'NONE' });
      for (const route of ROUTES.filter((candidate) => candidate.function === 'operator')) {
        expect(methodOf(built, route)?.Properties).toMatchObject({ ApiKeyRequired: true });
      }
    });

    it('creates one API key, attached to a throttled usage plan on the deployed stage', () => {
      built.template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
      built.template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
      built.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        Throttle: { RateLimit: 5, BurstLimit: 10 },
        ApiStages: [Match.objectLike({ Stage: { Ref: Match.stringLikeRegexp('^ApiDeploymentStageprod') } })],
      });
    });

    it('writes JSON access logs with the key id, never the key value, to a log group with retention', () => {
      const stage = Object.values(resourcesOf(built, 'AWS::ApiGateway::Stage'))[0];
      const settings = stage?.Properties?.AccessLogSetting as { Format: string; DestinationArn: unknown };
      const format = JSON.parse(settings.Format) as Record<string, string>;

      expect(format.requestId).toBe('$context.requestId');
      expect(format.apiKeyId).toBe('$context.identity.apiKeyId');
      expect(settings.Format).not.toContain('$context.identity.apiKey"');
      expect(JSON.stringify(settings.DestinationArn)).toMatch(/ApiAccessLogs/);
      built.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });
  });

  describe('functions', () => {
    it('creates one function per catalogue entry: nodejs24.x on arm64 with 256 MB', () => {
      built.template.resourceCountIs('AWS::Lambda::Function', NAMES.length);
      built.template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256, Handler: 'index.handler' },
        NAMES.length,
      );
      expect(Object.keys(built.stack.functions).sort()).toEqual([...NAMES].sort());
    });

    it.each([
      ['start', 120],
      ['stop', 120],
      ['meetings', 30],
      ['webhook', 30],
      ['startWorker', 60],
    ] as const)('gives the %s function a timeout of %i s', (name, seconds) => {
      expect(resourcesOf(built, 'AWS::Lambda::Function')[functionId(name)]?.Properties?.Timeout).toBe(seconds);
    });

    it.each(NAMES)('builds the %s function from its catalogue entry and description', (name) => {
      const properties = resourcesOf(built, 'AWS::Lambda::Function')[functionId(name)]?.Properties;

      expect(properties?.Description).toBe(FUNCTIONS[name].description);
    });

    it('gives the functions that never call Zoom neither the secret nor the Zoom variables', () => {
      const quiet = NAMES.filter((name) => FUNCTIONS[name].callsZoom === false);
      expect(quiet.sort()).toEqual(['console', 'operator']);
      for (const name of quiet) {
        const environment = resourcesOf(built, 'AWS::Lambda::Function')[functionId(name)]?.Properties?.Environment as { Variables: Record<string, unknown> };
        const variables = environment.Variables;
        expect(Object.keys(variables).filter((key) => key.startsWith('ZOOM_'))).toEqual([]);
        expect(variables.LOG_LEVEL).toBe('INFO');
      }
    });

    it('sets the secret, Zoom defaults and logging variables on every function that calls Zoom', () => {
      built.template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        {
          Environment: {
            Variables: Match.objectLike({
              ZOOM_SECRET_ID: { Ref: Match.stringLikeRegexp('^ZoomCredentialsSecret') },
              ZOOM_API_BASE_URL: 'https://api.zoom.us/v2',
              ZOOM_OAUTH_TOKEN_URL: 'https://zoom.us/oauth/token',
              ZOOM_BODY_ENCODING: 'json',
              LOG_LEVEL: 'INFO',
              POWERTOOLS_SERVICE_NAME: 'zoom-livestream',
              // Source maps are read when an unexpected error is logged, not parsed at every cold start.
              NODE_OPTIONS: Match.absent(),
            }),
          },
        },
        ZOOM_CALLERS.length,
      );
    });

    it('gives each function its own log group with one month of retention', () => {
      const functions = Object.values(resourcesOf(built, 'AWS::Lambda::Function'));
      const logGroups = resourcesOf(built, 'AWS::Logs::LogGroup');

      for (const fn of functions) {
        const ref = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        expect(logGroups[ref]?.Properties?.RetentionInDays).toBe(30);
      }
      expect(new Set(functions.map((fn) => JSON.stringify(fn.Properties?.LoggingConfig))).size).toBe(functions.length);
    });

    it('retries asynchronous invocations of start and stop twice within an hour, then sends them to their own queue', () => {
      const configs = Object.values(resourcesOf(built, 'AWS::Lambda::EventInvokeConfig'));

      expect(configs.map((config) => (config.Properties?.FunctionName as { Ref: string }).Ref).sort()).toEqual(
        [functionId('start'), functionId('stop')].sort(),
      );
      for (const name of ['start', 'stop'] as const) {
        const queue = built.stack.invokeFailureQueues[name]!;
        built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: functionId(name) },
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 3600,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(built, queue), 'Arn'] } } },
        });
      }
      // API Gateway invokes meetings and webhook synchronously; the worker's failure path is the queue redrive.
      expect(Object.keys(built.stack.invokeFailureQueues).sort()).toEqual(['start', 'stop']);
    });

    it('encrypts every queue and refuses non-TLS access to it', () => {
      const queues = Object.keys(resourcesOf(built, 'AWS::SQS::Queue'));

      // start's and stop's own, the start queue and its failure queue, the schedules' dead-letter queue.
      expect(queues).toHaveLength(5);
      built.template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true }, queues.length);
      for (const queueId of queues) {
        built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queueId }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });
  });

  describe('permissions', () => {
    it('allows exactly secretsmanager:GetSecretValue on the stack secret and nothing else of Secrets Manager', () => {
      const secretStatements = statementsMentioning(built, 'secretsmanager');
      const webhookReads = secretStatements.filter((statement) => statement.Sid === 'ReadWebhookSecret');
      const credentialReads = secretStatements.filter((statement) => statement.Sid !== 'ReadWebhookSecret');

      expect(secretStatements).toHaveLength(ZOOM_CALLERS.length);
      expect(credentialReads).toHaveLength(ZOOM_CALLERS.length - 1);
      for (const statement of credentialReads) {
        expect(statement).toEqual({
          Sid: 'ReadZoomCredentials',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: expect.stringMatching(/^ZoomCredentialsSecret/) },
        });
      }
      // The internet-facing webhook reads its own secret, never the Zoom credentials.
      expect(webhookReads).toEqual([{ Sid: 'ReadWebhookSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: expect.stringMatching(/^WebhookSecret/) } }]);
    });

    it('needs no kms permission with the AWS-managed key', () => {
      expect(JSON.stringify(built.template.toJSON())).not.toContain('kms:');
    });

    it('lets each function write only to its own log group, and gives no role a managed policy', () => {
      const roles = Object.values(resourcesOf(built, 'AWS::IAM::Role'));

      for (const role of roles) expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      built.template.resourcePropertiesCountIs(
        'AWS::IAM::Policy',
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionLogs'), 'Arn'] },
              },
            ]),
          },
        },
        NAMES.length,
      );
    });
  });

  describe('secret', () => {
    it('is created without any credential in the template, and so is the webhook secret', () => {
      built.template.resourceCountIs('AWS::SecretsManager::Secret', 2);
      built.template.resourcePropertiesCountIs(
        'AWS::SecretsManager::Secret',
        {
          SecretString: Match.absent(),
          GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: 'placeholder', ExcludePunctuation: true },
        },
        2,
      );
      const template = JSON.stringify(built.template.toJSON());
      for (const key of ['clientSecret', 'client_secret', 'accessToken', 'access_token', 'webhookSecretToken']) {
        expect(template).not.toContain(`"${key}"`);
      }
    });
  });

  describe('outputs', () => {
    const outputValue = (name: string) => JSON.stringify(built.template.findOutputs(name)[name]?.Value);

    it('gives the API URL, the webhook URL to paste into Zoom, and a URL per meeting live stream path', () => {
      built.template.hasOutput('ApiUrl', { Value: Match.anyValue() });
      expect(outputValue('WebhookUrl')).toContain('/webhooks/zoom"');
      expect(built.template.findOutputs('WebhookUrl').WebhookUrl?.Description).toMatch(/Event Subscription/);
      for (const [name, path] of [
        ['StartRouteUrl', '/meetings/{meetingId}/livestream/start'],
        ['StopRouteUrl', '/meetings/{meetingId}/livestream/stop'],
        ['AutoStartRouteUrl', '/meetings/{meetingId}/livestream/auto-start'],
        ['LiveStreamRouteUrl', '/meetings/{meetingId}/livestream'],
      ]) {
        expect(outputValue(name as string)).toContain(`${path}"`);
      }
    });

    it('gives the secret ARN, the API key id and the command that prints the key value', () => {
      built.template.hasOutput('SecretArn', { Value: { Ref: Match.stringLikeRegexp('^ZoomCredentialsSecret') } });
      built.template.hasOutput('ApiKeyId', { Value: { Ref: Match.stringLikeRegexp('^ApiApiKey') } });
      const command = outputValue('ApiKeyValueCommand');
      expect(command).toContain('aws apigateway get-api-key');
      expect(command).toContain('--include-value --query value --output text');
      expect(command).toMatch(/"Ref":"ApiApiKey/);
    });

    it('names every function, queue, the table and the schedule group for the local tools and the alarms', () => {
      for (const name of NAMES) {
        const key = `${name.charAt(0).toUpperCase()}${name.slice(1)}FunctionName`;
        built.template.hasOutput(key, { Value: { Ref: functionId(name) } });
      }
      for (const [key, construct] of [
        ['StartQueueUrl', built.stack.startQueue],
        ['StartFailureQueueUrl', built.stack.startFailureQueue],
        ['ScheduleDeadLetterQueueUrl', built.stack.schedules.deadLetterQueue],
        ['StartFunctionFailureQueueUrl', built.stack.invokeFailureQueues.start!],
        ['StopFunctionFailureQueueUrl', built.stack.invokeFailureQueues.stop!],
        ['MeetingsTableName', built.stack.meetingsTable],
      ] as const) {
        built.template.hasOutput(key, { Value: { Ref: logicalIdOf(built, construct) } });
      }
      built.template.hasOutput('ScheduleGroupName', { Value: 'ZoomLiveStreamStack-meeting-times' });
      expect(built.template.findOutputs('MeetingsTableName').MeetingsTableName?.Description).toMatch(/kept by npm run destroy/);
    });
  });
});

describe('ZoomLiveStreamStack with schedules and an alarm e-mail', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack({
      alarmEmail: 'ops@example.com',
      schedules: [
        { name: 'weekly-all-hands', meetingId: '85746065432', start: 'cron(55 8 ? * MON *)', stop: 'cron(30 10 ? * MON *)', timezone: 'Europe/Berlin' },
      ],
    });
  });

  it('sends the scheduled start to the start queue and invokes the stop function for the stop', () => {
    const target = (name: string) =>
      (Object.values(built.template.findResources('AWS::Scheduler::Schedule', { Properties: { Name: name } }))[0]?.Properties as {
        Target: { Arn: unknown };
      }).Target.Arn;

    expect(target('weekly-all-hands-start')).toEqual({ 'Fn::GetAtt': [logicalIdOf(built, built.stack.startQueue), 'Arn'] });
    expect(target('weekly-all-hands-stop')).toEqual({ 'Fn::GetAtt': [logicalIdOf(built, built.stack.functions.stop), 'Arn'] });
  });

  it('keeps the configured schedules out of the group the functions manage', () => {
    built.template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 2);
    expect(built.stack.schedules.scheduleGroupName).not.toEqual(built.stack.meetingTimes.groupName);
  });

  it('notifies the e-mail address of every alarm and its recovery', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const alarms = Object.values(resourcesOf(built, 'AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [expect.anything()], OKActions: [expect.anything()] });
    }
  });
});
