import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES } from '../../functions/lib/http/routes';
import { DEFAULT_WEBHOOK_PROTECTION } from '../../infra/door-config';
import { buildStack, logicalIdOf, type BuiltStack } from './helpers/build-stack';

/**
 * Who may call the API (`-c callerAuth=api-key|iam`) and what protects the public webhook: its own
 * stage throttle, reserved concurrency, and with `-c webhookWaf=true` a web ACL.
 */
const KEYED = ROUTES.filter((route) => route.auth === 'api-key');
/** The methods that keep their own rule: the webhook (Zoom's signature) and the console's public files. */
const OWN_RULE = ROUTES.filter((route) => route.auth !== 'api-key')
  .map((route) => route.method)
  .sort();

function methods(built: BuiltStack) {
  return Object.values(built.template.findResources('AWS::ApiGateway::Method')).map((method) => method.Properties as Record<string, unknown>);
}

function methodOptions(built: BuiltStack): Array<Record<string, unknown>> {
  const [stage] = Object.values(built.template.findResources('AWS::ApiGateway::Stage'));
  return (stage?.Properties?.MethodSettings ?? []) as Array<Record<string, unknown>>;
}

describe('callerAuth=api-key (the default)', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack();
  });

  it('requires the API key on every keyed route and nothing on the webhook', () => {
    const all = methods(built);
    expect(all.filter((m) => m.ApiKeyRequired === true)).toHaveLength(KEYED.length);
    expect(all.filter((m) => m.AuthorizationType === 'AWS_IAM')).toEqual([]);
    expect(all.filter((m) => m.ApiKeyRequired !== true).map((m) => String(m.HttpMethod)).sort()).toEqual(OWN_RULE);
    expect(OWN_RULE).toEqual(['GET', 'GET', 'POST']);
  });

  it('has a usage plan and an API key, and no caller policy output', () => {
    built.template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    built.template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    expect(built.template.findOutputs('CallerPolicyStatement')).toEqual({});
  });

  it('throttles POST /webhooks/zoom on the stage, since the usage plan meters keyed calls only', () => {
    expect(methodOptions(built)).toEqual([
      expect.objectContaining({
        HttpMethod: 'POST',
        ResourcePath: '/~1webhooks~1zoom',
        ThrottlingRateLimit: DEFAULT_WEBHOOK_PROTECTION.rateLimit,
        ThrottlingBurstLimit: DEFAULT_WEBHOOK_PROTECTION.burstLimit,
      }),
    ]);
  });

  it('reserves concurrency for the webhook function only', () => {
    const reserved = Object.entries(built.template.findResources('AWS::Lambda::Function')).filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined);
    expect(reserved.map(([id, fn]) => [id, fn.Properties.ReservedConcurrentExecutions])).toEqual([
      [logicalIdOf(built, built.stack.functions.webhook), DEFAULT_WEBHOOK_PROTECTION.reservedConcurrency],
    ]);
  });

  it('has no web ACL unless asked', () => {
    built.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });
});

describe('callerAuth=iam', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ callerAuth: 'iam' });
  });

  it('requires SigV4 on every route that would take the API key, and keeps the webhook open to Zoom', () => {
    const all = methods(built);
    expect(all.filter((m) => m.AuthorizationType === 'AWS_IAM')).toHaveLength(KEYED.length);
    expect(all.filter((m) => m.ApiKeyRequired === true)).toEqual([]);
    expect(all.filter((m) => m.AuthorizationType === 'NONE').map((m) => String(m.HttpMethod)).sort()).toEqual(OWN_RULE);
  });

  it('creates no usage plan and no API key', () => {
    built.template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    built.template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    expect(built.template.findOutputs('ApiKeyId')).toEqual({});
  });

  it("throttles every method on the stage in the usage plan's place, the webhook by its own limit", () => {
    expect(methodOptions(built)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 }),
        expect.objectContaining({ HttpMethod: 'POST', ResourcePath: '/~1webhooks~1zoom', ThrottlingRateLimit: DEFAULT_WEBHOOK_PROTECTION.rateLimit }),
      ]),
    );
  });

  it('outputs the execute-api:Invoke statement a caller needs, on every SigV4 route and not the webhook', () => {
    const output = JSON.stringify(built.template.findOutputs('CallerPolicyStatement').CallerPolicyStatement?.Value);
    expect(output).toContain('execute-api:Invoke');
    for (const route of KEYED) expect(output).toContain(`/${route.method}${route.resourcePath.replace(/\{\w+\}/g, '*')}\\"`);
    expect(output).not.toContain('webhooks');
  });
});

describe('webhookWaf=true', () => {
  let built: BuiltStack;
  beforeAll(() => {
    built = buildStack({ webhookWaf: 'true', webhookAllowedCidrs: '3.7.35.0/25,2600:1f18::/36', webhookConcurrency: '25' });
  });

  it('attaches a regional web ACL to the stage with a per-address rate rule and a body size rule for the webhook', () => {
    built.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'WebhookRatePerAddress',
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', Limit: DEFAULT_WEBHOOK_PROTECTION.wafRateLimit }) },
        }),
        Match.objectLike({ Name: 'WebhookBodySize', Action: { Block: {} } }),
      ]),
    });
    built.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it("admits only the given ranges to the webhook path, IPv4 and IPv6 apart", () => {
    built.template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV4', Addresses: ['3.7.35.0/25'] });
    built.template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV6', Addresses: ['2600:1f18::/36'] });
    built.template.hasResourceProperties('AWS::WAFv2::WebACL', { Rules: Match.arrayWith([Match.objectLike({ Name: 'WebhookOnlyFromZoom', Action: { Block: {} } })]) });
  });

  it('takes the reserved concurrency from the context', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 25 });
  });
});

describe('webhookSecretName', () => {
  it('has the webhook read the named secret (a single-secret setup may name the Zoom secret) and creates none for it', () => {
    const built = buildStack({ secretName: 'zoom/prod', webhookSecretName: 'zoom/prod' });
    const fn = built.template.toJSON().Resources[logicalIdOf(built, built.stack.functions.webhook)];

    built.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(fn.Properties.Environment.Variables.ZOOM_WEBHOOK_SECRET_ID).toBe('zoom/prod');
  });
});

describe('the context', () => {
  it.each([
    [{ callerAuth: 'cognito' }, /callerAuth.*api-key or iam/],
    [{ webhookAllowedCidrs: '3.7.35.0/25' }, /webhookAllowedCidrs.*webhookWaf=true/],
    [{ webhookWaf: 'true', webhookAllowedCidrs: 'zoom.us' }, /webhookAllowedCidrs.*"zoom.us" is not an IPv4 or IPv6 CIDR/],
    [{ webhookConcurrency: '0' }, /webhookConcurrency/],
    [{ streamHosts: 'rtmp://live.example.com' }, /streamHosts.*not a host name/],
    [{ webhookSecretName: 'a', webhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:a' }, /webhookSecretArn.*not both/],
  ])('refuses %p at synth', (context, message) => {
    expect(() => buildStack(context)).toThrow(message);
  });

  it('leaves the webhook unreserved with webhookConcurrency=none', () => {
    const built = buildStack({ webhookConcurrency: 'none' });
    expect(JSON.stringify(built.template.findResources('AWS::Lambda::Function'))).not.toContain('ReservedConcurrentExecutions');
  });

  it('passes streamHosts to the meetings function as STREAM_HOSTS', () => {
    const built = buildStack({ streamHosts: 'live.example.com,A.Example.org' });
    const fn = built.template.toJSON().Resources[logicalIdOf(built, built.stack.functions.meetings)];
    expect(fn.Properties.Environment.Variables.STREAM_HOSTS).toBe('live.example.com,a.example.org');
  });
});
