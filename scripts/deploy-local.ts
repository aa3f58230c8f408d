/**
 * npm run deploy:local [-- -c key=value ...]
 *
 * Deploys the real ZoomLiveStreamStack to moto_server on http://localhost:$LOCAL_AWS_PORT (default
 * 5000) without Docker or an AWS account, starting moto there when none answers, then prints what the
 * emulator created. Example, pointing the functions at `npm run simulator`:
 *   npm run deploy:local -- -c zoomApiBaseUrl=http://localhost:8090/v2 -c zoomOauthTokenUrl=http://localhost:8090/oauth/token
 */
import * as path from 'node:path';
import { REPOSITORY_ROOT } from '../local/deploy/cdk-cli';
import { deployLocal, parseContextArgs, type LocalDeployment } from '../local/deploy/deploy-local';
import { LOCAL_REGION, localAwsPort } from '../local/deploy/local-aws';

const OUTDIR = path.join(REPOSITORY_ROOT, 'cdk.out.local');

async function main(): Promise<void> {
  // The SDK's notice about Node.js 20 concerns this tooling, not the Lambda runtime (22).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const context = parseContextArgs(process.argv.slice(2));
  const port = localAwsPort();
  const deployment = await deployLocal({
    port,
    host: process.env.LOCAL_AWS_HOST || undefined,
    outdir: OUTDIR,
    context,
    onLine: (line) => console.log(`  | ${line}`),
  });
  console.log(summary(deployment));
}

function summary(deployment: LocalDeployment): string {
  const { moto, secret, api } = deployment;
  const lines = [
    '',
    `${deployment.stackName}: ${deployment.stackStatus} on moto_server at ${moto.endpoint} (region ${LOCAL_REGION})`,
    moto.startedPid === undefined
      ? '  moto: was already running on this port; left running.'
      : `  moto: started now (pid ${moto.startedPid}, log ${moto.logFile}); it keeps running because the deployment lives in its memory. Stop it with: kill ${moto.startedPid}`,
    '',
    `Secret (imported by name): ${secret.name}`,
    `  ARN ${secret.arn}`,
    secret.created ? "  created now, holding the Zoom simulator's fake credentials" : '  existed already; its value was left unchanged',
    '',
    'Functions:',
    ...deployment.functions.map((fn) => `  ${fn.logicalId}: ${fn.name} (${fn.runtime}, ${fn.handler})`),
    '',
    api ? `REST API ${api.id}:` : 'REST API: not found on the emulator',
    ...(api?.routes ?? []).map((route) => `  ${route.method} ${route.path}${route.apiKeyRequired ? ' (x-api-key required)' : ''}`),
  ];
  if (deployment.skipped.length > 0) {
    lines.push(
      '',
      "Left out by moto's CloudFormation (it has no implementation for them; AWS creates them):",
      ...deployment.skipped.map((resource) => `  ${resource.logicalId} (${resource.type})`),
    );
  }
  lines.push(
    '',
    `Cloud assembly: ${path.relative(process.cwd(), deployment.outdir) || deployment.outdir}`,
    'Inspect it, e.g.:',
    `  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url ${moto.endpoint} --region ${LOCAL_REGION} lambda list-functions`,
    'moto stores the resources but cannot run Lambda code without Docker; `npx jest test/deploy` runs the deployed bundles.',
  );
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(`deploy:local failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
