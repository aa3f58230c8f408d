import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../functions/lib/http/routes';
import { buildStack, statementsMentioning, type BuiltStack } from './helpers/build-stack';

/** Values of a CloudFormation resource type, keyed by logical id. */
function resourcesOf(built: BuiltStack, type: string): Record<string, { Properties?: Record<string, unknown> }> {
  return built.template.findResources(type) as Record<string, { Properties?: Record<string, unknown> }>;
}

describe('ZoomLiveStreamStack (secret created by the stack)', () => {
  let built: BuiltStack;

  beforeAll(() => {
    // Arrange (shared): one build for every assertion on the default configuration.
    built = buildStack();
  });

  describe('API', () => {
    it('is a REST API with a regional endpoint', () => {
      built.template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
      built.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        EndpointConfiguration: { Types: ['REGIONAL'] },
      });
    });

    it('has exactly one method per route of ROUTES, each POST', () => {
      const methods = Object.values(resourcesOf(built, 'AWS::ApiGateway::Method'));

      expect(methods).toHaveLength(ROUTES.length);
      expect(methods.map((method) => method.Properties?.HttpMethod)).toEqual(ROUTES.map(() => 'POST'));
    });

    it('builds the resource tree of every route path', () => {
      const parts = Object.values(resourcesOf(built, 'AWS::ApiGateway::Resource')).map(
        (resource) => resource.Properties?.PathPart,
      );
      const expected = new Set(ROUTES.flatMap((route) => route.resourcePath.split('/').filter(Boolean)));

      expect(new Set(parts)).toEqual(expected);
      expect(parts).toHaveLength(expected.size);
    });

    it.each(ROUTES.map((route) => [route.resourcePath, route.action] as const))(
      'integrates %s with the %s function as a Lambda proxy',
      (resourcePath, action) => {
        const lastPart = resourcePath.split('/').pop();
        const resourceId = Object.entries(resourcesOf(built, 'AWS::ApiGateway::Resource')).find(
          ([, resource]) => resource.Properties?.PathPart === lastPart,
        )?.[0];
        const functionId = built.stack.getLogicalId(built.stack.functions[action].node.defaultChild as CfnElement);

        built.template.hasResourceProperties('AWS::ApiGateway::Method', {
          HttpMethod: 'POST',
          ResourceId: { Ref: resourceId },
          Integration: Match.objectLike({
            Type: 'AWS_PROXY',
            IntegrationHttpMethod: 'POST',
          }),
        });
        const method = Object.values(resourcesOf(built, 'AWS::ApiGateway::Method')).find(
          (candidate) => (candidate.Properties?.ResourceId as { Ref?: string } | undefined)?.Ref === resourceId,
        );
        expect(JSON.stringify(method?.Properties?.Integration)).toContain(`"${functionId}"`);
      },
    );

    it('requires an API key on every method', () => {
      const methods = Object.values(resourcesOf(built, 'AWS::ApiGateway::Method'));

      expect(methods.length).toBeGreaterThan(0);
      for (const method of methods) expect(method.Properties?.ApiKeyRequired).toBe(true);
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
    it('creates one function per route: nodejs22.x on arm64 with the chosen memory and timeout', () => {
      built.template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 256, Timeout: 120, Handler: 'index.handler' },
        ROUTES.length,
      );
      built.template.resourceCountIs('AWS::Lambda::Function', ROUTES.length);
    });

    it('sets the contract environment with the secret and Zoom defaults', () => {
      built.template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        {
          Environment: {
            Variables: {
              ZOOM_SECRET_ID: { Ref: Match.stringLikeRegexp('^ZoomCredentialsSecret') },
              ZOOM_API_BASE_URL: 'https://api.zoom.us/v2',
              ZOOM_OAUTH_TOKEN_URL: 'https://zoom.us/oauth/token',
              ZOOM_BODY_ENCODING: 'json',
              LOG_LEVEL: 'INFO',
              POWERTOOLS_SERVICE_NAME: 'zoom-livestream',
              NODE_OPTIONS: '--enable-source-maps',
            },
          },
        },
        ROUTES.length,
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

    it('retries asynchronous invocations twice within an hour, then sends them to an SQS queue', () => {
      built.template.resourcePropertiesCountIs(
        'AWS::Lambda::EventInvokeConfig',
        {
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 3600,
          DestinationConfig: {
            OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureQueue'), 'Arn'] } },
          },
        },
        ROUTES.length,
      );
      expect(built.stack.failureQueues).toHaveLength(ROUTES.length);
    });

    it('encrypts the failure queues and refuses non-TLS access to them', () => {
      built.template.resourcePropertiesCountIs(
        'AWS::SQS::Queue',
        { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
        ROUTES.length,
      );
      built.template.resourcePropertiesCountIs(
        'AWS::SQS::QueuePolicy',
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        },
        ROUTES.length,
      );
    });
  });

  describe('permissions', () => {
    it('allows exactly secretsmanager:GetSecretValue on the stack secret and nothing else of Secrets Manager', () => {
      const secretStatements = statementsMentioning(built, 'secretsmanager');

      expect(secretStatements).toHaveLength(ROUTES.length);
      for (const statement of secretStatements) {
        expect(statement).toEqual({
          Sid: 'ReadZoomCredentials',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: expect.stringMatching(/^ZoomCredentialsSecret/) },
        });
      }
    });

    it('needs no kms permission with the AWS-managed key', () => {
      expect(JSON.stringify(built.template.toJSON())).not.toContain('kms:');
    });

    it('lets each function write only to its own log group, without a managed policy', () => {
      const roles = Object.values(resourcesOf(built, 'AWS::IAM::Role'));

      expect(roles).toHaveLength(ROUTES.length);
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
        ROUTES.length,
      );
    });
  });

  describe('secret', () => {
    it('is created without any credential in the template', () => {
      built.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        SecretString: Match.absent(),
        GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: 'placeholder', ExcludePunctuation: true },
      });
      const template = JSON.stringify(built.template.toJSON());
      for (const key of ['clientSecret', 'client_secret', 'accessToken', 'access_token']) {
        expect(template).not.toContain(`"${key}"`);
      }
    });
  });

  describe('outputs', () => {
    it('gives the API URL and a URL per route with the {meetingId} placeholder', () => {
      built.template.hasOutput('ApiUrl', { Value: Match.anyValue() });
      for (const route of ROUTES) {
        const name = `${route.action.charAt(0).toUpperCase()}${route.action.slice(1)}RouteUrl`;
        const output = built.template.findOutputs(name)[name];
        expect(JSON.stringify(output?.Value)).toContain(`/${route.resourcePath.replace(/^\//, '')}"`);
      }
    });

    it('gives the secret ARN, the API key id and the command that prints the key value', () => {
      built.template.hasOutput('SecretArn', { Value: { Ref: Match.stringLikeRegexp('^ZoomCredentialsSecret') } });
      built.template.hasOutput('ApiKeyId', { Value: { Ref: Match.stringLikeRegexp('^ApiApiKey') } });
      const command = JSON.stringify(built.template.findOutputs('ApiKeyValueCommand').ApiKeyValueCommand?.Value);
      expect(command).toContain('aws apigateway get-api-key');
      expect(command).toContain('--include-value --query value --output text');
      expect(command).toMatch(/"Ref":"ApiApiKey/);
    });

    it('names the functions and failure queues for the local emulator and the alarms', () => {
      for (const name of ['StartFunctionName', 'StopFunctionName', 'StartFailureQueueUrl', 'StopFailureQueueUrl']) {
        built.template.hasOutput(name, { Value: { Ref: Match.anyValue() } });
      }
    });
  });

  describe('operational alarms', () => {
    it('alarm on errors of every function and on messages in every failure queue', () => {
      const alarms = Object.values(resourcesOf(built, 'AWS::CloudWatch::Alarm'));
      const watched = (namespace: string) =>
        alarms.filter((alarm) => alarm.Properties?.Namespace === namespace).map((alarm) => JSON.stringify(alarm.Properties?.Dimensions));

      const functionAlarms = watched('AWS/Lambda');
      const queueAlarms = watched('AWS/SQS');
      expect(functionAlarms).toHaveLength(ROUTES.length);
      expect(queueAlarms).toHaveLength(ROUTES.length);
      for (const queue of built.stack.failureQueues) {
        const queueId = built.stack.getLogicalId(queue.node.defaultChild as CfnElement);
        expect(queueAlarms.some((dimensions) => dimensions.includes(`"${queueId}"`))).toBe(true);
      }
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

  it('schedules the start and the stop against the matching functions', () => {
    for (const action of ['start', 'stop'] as const) {
      const functionId = built.stack.getLogicalId(built.stack.functions[action].node.defaultChild as CfnElement);
      built.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpressionTimezone: 'Europe/Berlin',
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } }),
      });
    }
  });

  it('notifies the e-mail address and also watches the schedules dead-letter queue', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const queueAlarms = Object.values(resourcesOf(built, 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties?.Namespace === 'AWS/SQS',
    );
    expect(queueAlarms).toHaveLength(ROUTES.length + 1);
  });
});
