import { Construct } from 'constructs';
import type { SecretSource } from './app-config';
import { ZoomSecret } from './zoom-secret';

export interface WebhookSecretProps {
  /** @default - a new secret without any token in it */
  readonly source?: SecretSource;
  /** Customer-managed key of the secret. @default - the AWS-managed key */
  readonly kmsKeyArn?: string;
}

/**
 * The webhook function's own secret, `{"webhookSecretToken", "previousWebhookSecretToken"?,
 * "accountId"?}`: the internet-facing function reads this one and never the Zoom credentials. Created
 * empty and filled with put-secret-value after deploy (the stack outputs the command), or imported
 * (`-c webhookSecretName=…`), which may name the Zoom secret itself for a single-secret setup.
 */
export class WebhookSecret extends ZoomSecret {
  constructor(scope: Construct, id: string, props: WebhookSecretProps = {}) {
    super(scope, id, {
      source: props.source,
      kmsKeyArn: props.kmsKeyArn,
      description:
        'Zoom webhook secret token of the event subscription {webhookSecretToken}, the one being replaced {previousWebhookSecretToken} and the Zoom account {accountId}; filled with put-secret-value after deploy',
      rotationReason:
        "Zoom issues the webhook secret token in the app's event subscription; no rotation Lambda can change it there. It is changed by hand with previousWebhookSecretToken kept beside it until Zoom signs with the new one (README).",
      grantSid: 'ReadWebhookSecret',
    });
  }
}
