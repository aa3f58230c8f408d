import * as path from 'node:path';
import type { LocalDeployment } from './deploy-local';
import { LOCAL_REGION } from './local-aws';
import { formatStackOutput } from './stack-outputs';

/** What `npm run deploy:local` prints once the stack is deployed: what moto holds and how to look at it. */
export function deploySummary(deployment: LocalDeployment, cwd: string = process.cwd()): string {
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
  if (deployment.outputs.length > 0) {
    lines.push('', 'Stack outputs:', ...deployment.outputs.map((output) => `  ${formatStackOutput(output)}`));
  }
  if (deployment.completed.length > 0) {
    lines.push(
      '',
      "Finished through the service APIs (moto's CloudFormation leaves them undone):",
      ...deployment.completed.map((resource) => `  ${resource.logicalId} (${resource.type}): ${resource.done}`),
    );
  }
  if (deployment.skipped.length > 0) {
    lines.push(
      '',
      "Left out by moto's CloudFormation (it has no implementation for them; AWS creates them):",
      ...deployment.skipped.map((resource) => `  ${resource.logicalId} (${resource.type})`),
    );
  }
  lines.push(
    '',
    `Cloud assembly: ${path.relative(cwd, deployment.outdir) || deployment.outdir}`,
    'Inspect it, e.g.:',
    `  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url ${moto.endpoint} --region ${LOCAL_REGION} lambda list-functions`,
    'moto stores the resources but cannot run Lambda code without Docker; `npx jest test/deploy` runs the deployed bundles.',
  );
  return lines.join('\n');
}
