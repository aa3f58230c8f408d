import { Match } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../functions/lib/handlers/function-catalogue';

/** The functions that read a secret: every one but the operator and console functions, which never call Zoom. */
const FUNCTION_NAMES = Object.keys(FUNCTIONS).filter((name) => FUNCTIONS[name as keyof typeof FUNCTIONS].callsZoom !== false);
/** Of those, the readers of the Zoom credentials: the webhook reads its own secret. */
const CREDENTIAL_READERS = FUNCTION_NAMES.filter((name) => name !== 'webhook');
import { buildStack, statementsMentioning, type BuiltStack } from './helpers/build-stack';

/** The reads of the Zoom credentials: every function's but the webhook's, which reads its own secret. */
const credentialReads = (built: BuiltStack) => statementsMentioning(built, 'secretsmanager').filter((statement) => statement.Sid !== 'ReadWebhookSecret');

const KMS_KEY_ARN = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('importing the secret by name (-c secretName=zoom/prod)', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ secretName: 'zoom/prod' });
  });

  it('creates no credentials secret, only the webhook secret', () => {
    built.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(Object.keys(built.template.findResources('AWS::SecretsManager::Secret'))).toEqual([expect.stringMatching(/^WebhookSecret/)]);
  });

  it('passes the name to the functions as ZOOM_SECRET_ID', () => {
    built.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ ZOOM_SECRET_ID: 'zoom/prod' }) } },
      FUNCTION_NAMES.length,
    );
  });

  it('grants GetSecretValue on the name followed by the six-character ARN suffix wildcard only', () => {
    const secretStatements = credentialReads(built);

    expect(secretStatements).toHaveLength(CREDENTIAL_READERS.length);
    for (const statement of secretStatements) {
      expect(statement.Action).toBe('secretsmanager:GetSecretValue');
      const resource = JSON.stringify(statement.Resource);
      expect(resource).toContain(':secretsmanager:');
      expect(resource).toContain(':secret:zoom/prod-??????');
      expect(resource).not.toContain('*');
    }
  });
});

describe('importing the secret by complete ARN (-c secretArn=…-AbCdEf)', () => {
  const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:zoom/prod-AbCdEf';
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ secretArn: arn });
  });

  it('grants GetSecretValue on exactly that ARN', () => {
    const secretStatements = credentialReads(built);

    expect(secretStatements).toHaveLength(CREDENTIAL_READERS.length);
    for (const statement of secretStatements) {
      expect(statement).toEqual({
        Sid: 'ReadZoomCredentials',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: arn,
      });
    }
  });

  it('passes the ARN as ZOOM_SECRET_ID and outputs it', () => {
    built.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ ZOOM_SECRET_ID: arn }) } },
      FUNCTION_NAMES.length,
    );
    built.template.hasOutput('SecretArn', { Value: arn });
  });
});

describe('importing the secret by partial ARN (no random suffix)', () => {
  it('grants GetSecretValue on the ARN plus the suffix wildcard', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:zoom';
    const built = buildStack({ secretArn: arn });

    const resources = credentialReads(built).map((statement) => statement.Resource);
    expect(resources).toEqual(CREDENTIAL_READERS.map(() => `${arn}-??????`));
  });
});

describe('a customer-managed KMS key (-c kmsKeyArn=…)', () => {
  it('encrypts the created secret with it and allows kms:Decrypt on it through Secrets Manager only', () => {
    const built = buildStack({ kmsKeyArn: KMS_KEY_ARN });

    built.template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: KMS_KEY_ARN });
    const kmsStatements = statementsMentioning(built, 'kms');
    expect(kmsStatements).toHaveLength(FUNCTION_NAMES.length);
    for (const statement of kmsStatements) {
      expect(statement).toEqual({
        Sid: 'DecryptZoomCredentials',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KMS_KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': expect.anything() } },
      });
      expect(JSON.stringify(statement.Condition)).toMatch(/secretsmanager\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com/);
    }
  });

  it('is granted for an imported secret too, still with GetSecretValue as the only Secrets Manager action', () => {
    const built = buildStack({ secretName: 'zoom/prod', kmsKeyArn: KMS_KEY_ARN });

    expect(statementsMentioning(built, 'kms')).toHaveLength(FUNCTION_NAMES.length);
    const actions = credentialReads(built).map((statement) => statement.Action);
    expect(actions).toEqual(CREDENTIAL_READERS.map(() => 'secretsmanager:GetSecretValue'));
  });
});

describe('context overrides of the Zoom settings', () => {
  it('reach the functions environment', () => {
    const built = buildStack({
      zoomApiBaseUrl: 'https://zoom.example.com/v2/',
      zoomOauthTokenUrl: 'https://zoom.example.com/oauth/token',
      zoomBodyEncoding: 'multipart',
      logLevel: 'debug',
      apiRateLimit: '2',
      apiBurstLimit: 4,
    });

    built.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({
            ZOOM_API_BASE_URL: 'https://zoom.example.com/v2',
            ZOOM_OAUTH_TOKEN_URL: 'https://zoom.example.com/oauth/token',
            ZOOM_BODY_ENCODING: 'multipart',
            LOG_LEVEL: 'DEBUG',
          }),
        },
      },
      FUNCTION_NAMES.length,
    );
    built.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 2, BurstLimit: 4 } });
  });
});
