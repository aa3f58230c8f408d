import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSource } from './app-config';

export interface ZoomSecretProps {
  /** @default - a new secret without any credential in it */
  readonly source?: SecretSource;
  /**
   * Customer-managed key that encrypts the secret. A new secret is encrypted with it; for an
   * imported secret it must be the key that secret already uses.
   * @default - the AWS-managed key `aws/secretsmanager`, which needs no key grant
   */
  readonly kmsKeyArn?: string;
  /** What the secret holds, for its description. @default the Zoom credentials */
  readonly description?: string;
  /** Why the secret has no rotation Lambda (cdk-nag SMG4). @default the Zoom credentials' reason */
  readonly rotationReason?: string;
  /** The statement id of the read grant. @default ReadZoomCredentials */
  readonly grantSid?: string;
}

/** Secrets Manager appends "-" and six random characters to every secret's name in its ARN. */
const COMPLETE_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The Zoom credentials secret, created or imported, and the one permission on it the functions
 * get. `secret.grantRead()` is not used on purpose: it also grants `DescribeSecret`, and the
 * issue allows `GetSecretValue` on this one secret and nothing else of Secrets Manager.
 */
export class ZoomSecret extends Construct {
  readonly secret: secretsmanager.ISecret;
  /** The value for `ZOOM_SECRET_ID`: the name or ARN exactly as the user gave it, or the new ARN. */
  readonly secretId: string;
  /** The ARN an IAM statement must name; ends in `-??????` when the random suffix is unknown. */
  readonly policyResourceArn: string;
  readonly kmsKeyArn?: string;
  private readonly grantSid: string;

  constructor(scope: Construct, id: string, props: ZoomSecretProps = {}) {
    super(scope, id);
    this.grantSid = props.grantSid ?? 'ReadZoomCredentials';
    const source = props.source ?? { kind: 'create' };
    this.kmsKeyArn = props.kmsKeyArn;
    const stack = Stack.of(this);

    switch (source.kind) {
      case 'create': {
        const created = new secretsmanager.Secret(this, 'Secret', {
          description:
            props.description ??
            'Zoom Server-to-Server OAuth credentials {accountId, clientId, clientSecret} or {accessToken}; filled with put-secret-value after deploy',
          encryptionKey: props.kmsKeyArn ? kms.Key.fromKeyArn(this, 'Key', props.kmsKeyArn) : undefined,
          // A random JSON placeholder keeps every credential out of the template; until the user
          // puts the real value the handlers answer CONFIGURATION_ERROR naming the missing keys.
          generateSecretString: {
            secretStringTemplate: JSON.stringify({}),
            generateStringKey: 'placeholder',
            excludePunctuation: true,
          },
        });
        Validations.of(created).acknowledge(
          {
            id: 'AwsSolutions-SMG4',
            reason:
              props.rotationReason ??
              'Zoom Server-to-Server OAuth credentials are issued and rotated in the Zoom App Marketplace; no rotation Lambda can rotate them, so the secret is updated with put-secret-value when Zoom issues new ones.',
          },
        );
        this.secret = created;
        this.secretId = created.secretArn;
        this.policyResourceArn = created.secretArn;
        break;
      }
      case 'name': {
        this.secret = secretsmanager.Secret.fromSecretNameV2(this, 'Secret', source.secretName);
        this.secretId = source.secretName;
        this.policyResourceArn = stack.formatArn({
          service: 'secretsmanager',
          resource: 'secret',
          resourceName: `${source.secretName}-??????`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        break;
      }
      case 'arn': {
        const name = Arn.split(source.secretArn, ArnFormat.COLON_RESOURCE_NAME).resourceName ?? '';
        const complete = COMPLETE_ARN_SUFFIX.test(name);
        this.secret = complete
          ? secretsmanager.Secret.fromSecretCompleteArn(this, 'Secret', source.secretArn)
          : secretsmanager.Secret.fromSecretPartialArn(this, 'Secret', source.secretArn);
        this.secretId = source.secretArn;
        this.policyResourceArn = complete ? source.secretArn : `${source.secretArn}-??????`;
        break;
      }
    }
  }

  /** `secretsmanager:GetSecretValue` on this secret, and `kms:Decrypt` through Secrets Manager only. */
  grantGetSecretValue(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: this.grantSid,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.policyResourceArn],
      }),
    );
    if (this.kmsKeyArn !== undefined) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptZoomCredentials',
          actions: ['kms:Decrypt'],
          resources: [this.kmsKeyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
          },
        }),
      );
    }
  }
}
