/**
 * npm run deploy:local [-- -c key=value ...]
 *
 * Deploys the real ZoomLiveStreamStack to moto_server on http://localhost:$LOCAL_AWS_PORT (default
 * 5000) without Docker or an AWS account, starting moto there when none answers, then prints what the
 * emulator created. A port where something else answers (a broken moto included) is refused; a moto
 * it started is stopped again when the deploy fails. Example, pointing the functions at `npm run simulator`:
 *   npm run deploy:local -- -c zoomApiBaseUrl=http://localhost:8090/v2 -c zoomOauthTokenUrl=http://localhost:8090/oauth/token
 */
import * as path from 'node:path';
import { REPOSITORY_ROOT } from '../local/deploy/cdk-cli';
import { deployLocal, parseContextArgs } from '../local/deploy/deploy-local';
import { deploySummary } from '../local/deploy/deploy-summary';
import { localAwsPort } from '../local/deploy/local-aws';

const OUTDIR = path.join(REPOSITORY_ROOT, 'cdk.out.local');

async function main(): Promise<void> {
  // The SDK's notice about Node.js 20 concerns this tooling, not the Lambda runtime (24).
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
  console.log(deploySummary(deployment));
}

main().catch((error: unknown) => {
  console.error(`deploy:local failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
