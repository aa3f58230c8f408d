import { Validations, aws_apigateway as apigateway, aws_lambda as lambda } from 'aws-cdk-lib';
import { ROUTES, type FunctionName } from '../functions/lib/http/routes';

/**
 * Adds one method per route of `ROUTES` (the list `npm start` serves too) to `api`, each a Lambda
 * proxy to its function. The API key is required on every method but the Zoom webhook, whose caller
 * cannot send one, and the console's files, which a browser loads before it has one; cdk-nag's authorization findings are acknowledged per method with the reason that
 * holds for that method.
 */
export function addRoutes(api: apigateway.RestApi, functions: Readonly<Record<FunctionName, lambda.IFunction>>): void {
  for (const route of ROUTES) {
    const apiKey = route.auth === 'api-key';
    const integration = new apigateway.LambdaIntegration(functions[route.function], { proxy: true });
    const method = api.root.resourceForPath(route.resourcePath).addMethod(route.method, integration, {
      apiKeyRequired: apiKey,
      authorizationType: apigateway.AuthorizationType.NONE,
    });
    Validations.of(method).acknowledge(...(apiKey ? API_KEY_FINDINGS : route.auth === 'public' ? PUBLIC_FINDINGS : ZOOM_SIGNATURE_FINDINGS));
  }
}

const API_KEY_FINDINGS = [
  {
    id: 'AwsSolutions-APIG4',
    reason: 'API keys (x-api-key) are the chosen authentication: the callers are scripts, schedulers and webhook relays, not signed-in users; this method has apiKeyRequired.',
  },
  {
    id: 'AwsSolutions-COG4',
    reason: 'No Cognito user pool: the callers are machines authenticated by API key (see APIG4).',
  },
];

const ZOOM_SIGNATURE = "Zoom's event notifications carry no API key and no AWS credentials; the webhook function verifies Zoom's HMAC-SHA256 signature over the exact body with a 300-second replay window, and changes nothing before that check passed.";

const ZOOM_SIGNATURE_FINDINGS = [
  { id: 'AwsSolutions-APIG4', reason: ZOOM_SIGNATURE },
  { id: 'AwsSolutions-COG4', reason: `No Cognito user pool can be used by Zoom's servers. ${ZOOM_SIGNATURE}` },
];

const PUBLIC_FILES =
  "The operator console's page, script and style hold no data and take no input: a browser cannot send an API key to load a page, so the page asks for the key and sends it on every API call it makes, each of which requires it.";

const PUBLIC_FINDINGS = [
  { id: 'AwsSolutions-APIG4', reason: PUBLIC_FILES },
  { id: 'AwsSolutions-COG4', reason: `No Cognito user pool: ${PUBLIC_FILES}` },
];
