import { Validations, aws_apigateway as apigateway, aws_lambda as lambda } from 'aws-cdk-lib';
import { ROUTES, type FunctionName, type Route } from '../functions/lib/http/routes';
import type { CallerAuth } from './door-config';

/**
 * Adds one method per route of `ROUTES` (the list `npm start` serves too) to `api`, each a Lambda
 * proxy to its function. Each route's `auth` decides: the routes that take the API key take it, or
 * SigV4 instead with `callerAuth: 'iam'`; the others keep their own rule (the Zoom webhook checks
 * Zoom's signature itself; the console's files are public, since a browser loads them before it has
 * a key). cdk-nag's authorization findings are acknowledged per method with the reason that holds
 * for that method.
 */
export function addRoutes(api: apigateway.RestApi, functions: Readonly<Record<FunctionName, lambda.IFunction>>, callerAuth: CallerAuth = 'api-key'): void {
  for (const route of ROUTES) {
    const integration = new apigateway.LambdaIntegration(functions[route.function], { proxy: true });
    const { options, findings } = methodAuth(route, callerAuth);
    const method = api.root.resourceForPath(route.resourcePath).addMethod(route.method, integration, options);
    Validations.of(method).acknowledge(...findings);
  }
}

/** The routes a caller with IAM credentials invokes: every route that would otherwise take the API key. */
export const callerRoutes = (): Route[] => ROUTES.filter((route) => route.auth === 'api-key');

function methodAuth(route: Route, callerAuth: CallerAuth): { options: apigateway.MethodOptions; findings: Array<{ id: string; reason: string }> } {
  if (route.auth !== 'api-key') {
    const findings = route.auth === 'public' ? PUBLIC_FINDINGS : ZOOM_SIGNATURE_FINDINGS;
    return { options: { apiKeyRequired: false, authorizationType: apigateway.AuthorizationType.NONE }, findings };
  }
  if (callerAuth === 'iam') return { options: { apiKeyRequired: false, authorizationType: apigateway.AuthorizationType.IAM }, findings: IAM_FINDINGS };
  return { options: { apiKeyRequired: true, authorizationType: apigateway.AuthorizationType.NONE }, findings: API_KEY_FINDINGS };
}

const IAM_FINDINGS = [
  {
    id: 'AwsSolutions-COG4',
    reason: 'No Cognito user pool: the callers are AWS principals; this method requires SigV4 (AWS_IAM) and an execute-api:Invoke permission.',
  },
];

const API_KEY_FINDINGS = [
  {
    id: 'AwsSolutions-APIG4',
    reason: 'API keys (x-api-key) are the default authentication (-c callerAuth=api-key): the callers are scripts, schedulers and webhook relays, not signed-in users; this method has apiKeyRequired and the usage plan throttles the key. Callers inside AWS get SigV4 authorization instead with -c callerAuth=iam.',
  },
  {
    id: 'AwsSolutions-COG4',
    reason: 'No Cognito user pool: the callers are machines authenticated by API key (see APIG4).',
  },
];

const ZOOM_SIGNATURE =
  "Zoom's event notifications carry no API key and no AWS credentials; the webhook function verifies Zoom's HMAC-SHA256 signature over the exact body with a 300-second replay window and changes nothing before that check passed. The method has its own stage throttle, the function a reserved concurrency, and bodies over 64 KiB are refused before the secret is read.";

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
