import { Stack, Validations, aws_apigateway as apigateway, aws_lambda as lambda, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { WEBHOOK_MAX_BODY_BYTES } from '../functions/lib/http/zoom-signature';
import type { ApiThrottle } from './app-config';
import type { CallerAuth, WebhookProtection } from './door-config';
import { WEBHOOK_PATH } from './outputs';

/**
 * The stage's method throttling: the webhook's own limit always (the usage plan meters keyed calls
 * only, and the webhook takes none), and with IAM callers, who have no usage plan, the API key's
 * throttle as the stage's default for every other method.
 */
export function stageMethodOptions(protection: WebhookProtection, callerAuth: CallerAuth, throttle: ApiThrottle): Record<string, apigateway.MethodDeploymentOptions> {
  return {
    ...(callerAuth === 'iam' ? { '/*/*': { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit } } : {}),
    [`${WEBHOOK_PATH}/POST`]: { throttlingRateLimit: protection.rateLimit, throttlingBurstLimit: protection.burstLimit },
  };
}

export interface WebhookDoorProps {
  readonly api: apigateway.RestApi;
  readonly webhookFunction: lambda.IFunction;
  readonly protection: WebhookProtection;
}

/**
 * What keeps a flood at the public webhook from starving the rest of the account: reserved
 * concurrency for its function (a flood throttles the webhook, never the start, stop and worker
 * functions) and, when asked, an AWS WAF web ACL on the stage with a per-address rate rule, a body
 * size rule and optionally Zoom's address ranges as the only callers of the webhook path.
 */
export class WebhookDoor extends Construct {
  readonly webAcl?: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebhookDoorProps) {
    super(scope, id);
    const { protection } = props;
    if (protection.reservedConcurrency !== undefined) {
      (props.webhookFunction.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = protection.reservedConcurrency;
    }
    if (protection.waf) this.webAcl = this.firewall(props);
  }

  private firewall({ api, protection }: WebhookDoorProps): wafv2.CfnWebACL {
    const webhookPath: wafv2.CfnWebACL.StatementProperty = {
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'ENDS_WITH',
        searchString: WEBHOOK_PATH,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'WebhookRatePerAddress',
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: protection.wafRateLimit, aggregateKeyType: 'IP', scopeDownStatement: webhookPath } },
        visibilityConfig: visibility('WebhookRatePerAddress'),
      },
      {
        // The function refuses these too; WAF does it before a Lambda invocation is paid for.
        name: 'WebhookBodySize',
        priority: 1,
        action: { block: {} },
        statement: {
          andStatement: {
            statements: [
              webhookPath,
              { sizeConstraintStatement: { fieldToMatch: { body: { oversizeHandling: 'MATCH' } }, comparisonOperator: 'GT', size: WEBHOOK_MAX_BODY_BYTES, textTransformations: [{ priority: 0, type: 'NONE' }] } },
            ],
          },
        },
        visibilityConfig: visibility('WebhookBodySize'),
      },
    ];
    if (protection.allowedCidrs) {
      const ipv4 = protection.allowedCidrs.filter((cidr) => !cidr.includes(':'));
      const ipv6 = protection.allowedCidrs.filter((cidr) => cidr.includes(':'));
      const sets = [
        ...(ipv4.length ? [new wafv2.CfnIPSet(this, 'ZoomAddressesV4', { scope: 'REGIONAL', ipAddressVersion: 'IPV4', addresses: ipv4 })] : []),
        ...(ipv6.length ? [new wafv2.CfnIPSet(this, 'ZoomAddressesV6', { scope: 'REGIONAL', ipAddressVersion: 'IPV6', addresses: ipv6 })] : []),
      ];
      const fromZoom: wafv2.CfnWebACL.StatementProperty[] = sets.map((set) => ({ ipSetReferenceStatement: { arn: set.attrArn } }));
      rules.push({
        name: 'WebhookOnlyFromZoom',
        priority: 2,
        action: { block: {} },
        statement: {
          andStatement: {
            statements: [webhookPath, { notStatement: { statement: fromZoom.length === 1 ? (fromZoom[0] as wafv2.CfnWebACL.StatementProperty) : { orStatement: { statements: fromZoom } } } }],
          },
        },
        visibilityConfig: visibility('WebhookOnlyFromZoom'),
      });
    }
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'Rate, size and optional source limits for the Zoom webhook of the live stream API',
      rules,
      visibilityConfig: visibility('ZoomLiveStreamApi'),
    });
    new wafv2.CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: Stack.of(this).formatArn({ service: 'apigateway', account: '', resource: `/restapis/${api.restApiId}/stages/${api.deploymentStage.stageName}` }),
      webAclArn: acl.attrArn,
    });
    return acl;
  }
}

/** The APIG3 acknowledgement when no web ACL is attached, with the reasons that hold for each method. */
export function acknowledgeNoWaf(api: apigateway.RestApi, callerAuth: CallerAuth): void {
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason: `No WAF unless -c webhookWaf=true (a web ACL costs a monthly fee most deployments of this tool do not need): ${
      callerAuth === 'iam' ? 'every method but the webhook needs SigV4 from an allowed IAM principal' : 'every method but the webhook needs the API key, which its usage plan throttles'
    }; the webhook method has its own stage throttle, its function a reserved concurrency, and it refuses bodies over 64 KiB before reading its secret or computing an HMAC.`,
  });
}
