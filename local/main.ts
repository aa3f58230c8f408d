import { ROUTES } from '../functions/lib/http/routes';
import { SIMULATOR_MEETING_ID } from '../test/zoom-simulator';
import { describeSchedules, loadLocalSchedules } from './local-schedules';
import { startLocalSystem, type LocalSystem } from './local-system';

/** `npm start`: the whole system on this machine, no AWS account needed. */
async function main(): Promise<void> {
  // Bad schedule configuration fails here as it fails `cdk synth`, before anything listens.
  const schedules = describeSchedules(loadLocalSchedules(), new Date());
  const system = await startLocalSystem();
  printBanner(system);
  console.log(['', ...schedules].join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    system.close().then(
      () => console.log('stopped'),
      (error: unknown) => {
        console.error('error while stopping', error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function printBanner(system: LocalSystem): void {
  const { api, apiKey, simulator } = system;
  const lines = [
    `zoom-livestream local API listening on ${api.url}`,
    `x-api-key: ${apiKey}`,
    `Zoom: ${simulator ? `embedded simulator at ${simulator.apiBaseUrl} (every 9–19 digit meeting id exists)` : system.zoomApiBaseUrl}`,
    `Secret: ${system.secretId}${simulator ? ' (embedded, accepted by the simulator)' : ''}`,
    '',
    'Try:',
    ...ROUTES.map((route) => {
      const path = route.resourcePath.replace('{meetingId}', SIMULATOR_MEETING_ID);
      const body = route.action === 'start' ? ` -H 'content-type: application/json' -d '{"settings":{"display_name":"All hands"}}'` : '';
      return `  curl -i -X POST -H 'x-api-key: ${apiKey}'${body} ${api.url}${path}`;
    }),
    '',
    'Ctrl-C stops.',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
