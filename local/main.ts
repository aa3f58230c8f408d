import { SIMULATOR_MEETING_ID, SIMULATOR_SCHEDULED_MEETING_ID, SIMULATOR_WEBINAR_ID } from '../test/zoom-simulator';
import { skipMetadataProbeWithoutAws } from './instance-metadata';
import { describeSchedules, loadLocalSchedules } from './local-schedules';
import { writeLocalSession } from './local-session';
import { startLocalSystem, type LocalSystem } from './local-system';
import type { Fired } from './local-schedules-runner';
import type { ScheduleAction, ScheduleEntry } from '../infra/schedule-config';

/** `npm start`: the whole system on this machine, no AWS account needed. */
async function main(): Promise<void> {
  // Bad schedule configuration fails here as it fails `cdk synth`, before anything listens.
  const entries = loadLocalSchedules();
  const schedules = describeSchedules(entries, new Date());
  // Without AWS here, a secret or table named by the variables fails at once instead of after the probe.
  skipMetadataProbeWithoutAws();
  const system = await startLocalSystem(process.env, { schedules: entries, onScheduleFired: logFired });
  writeLocalSession({
    apiUrl: system.api.url,
    apiKey: system.apiKey,
    webhookUrl: system.webhookUrl,
    webhookSecretToken: system.webhookSecretToken,
    ...(system.simulator ? { zoomSimulatorUrl: system.simulator.apiBaseUrl.replace(/\/v2$/, '') } : {}),
  });
  console.log([...banner(system), '', ...schedules].join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    system.close().then(
      () => {
        console.log('stopped');
        // Armed timers of starts at meeting times would keep the process alive.
        process.exit();
      },
      (error: unknown) => {
        console.error('error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** One line per schedule firing, as the Scheduler's own history would show it. */
function logFired(entry: ScheduleEntry, action: ScheduleAction, outcome: Fired | Error): void {
  const what =
    outcome instanceof Error
      ? `failed: ${outcome.message}`
      : outcome.action === 'start'
        ? 'start queued for the start worker'
        : `stop answered ${JSON.stringify(outcome.result)}`;
  console.log(`schedule ${entry.name} ${action} fired at ${new Date().toISOString()}: ${what}`);
}

function banner(system: LocalSystem): string[] {
  const { api, apiKey, simulator } = system;
  const url = api.url;
  const curl = (method: string, path: string, body?: string) =>
    `  curl -i -X ${method} -H 'x-api-key: ${apiKey}'${body ? ` -H 'content-type: application/json' -d '${body}'` : ''} ${url}${path}`;
  const demo = simulator?.meetingState(SIMULATOR_SCHEDULED_MEETING_ID);
  return [
    `zoom-livestream local API listening on ${url}`,
    `x-api-key: ${apiKey}`,
    `Operator console: ${url}/console (it asks for the x-api-key above)`,
    `Zoom webhook URL: ${system.webhookUrl} (no API key: Zoom's signature authenticates it)`,
    system.webhookSecretToken
      ? `Webhook secret token: ${system.webhookSecretToken} (LOCAL_WEBHOOK_SECRET_TOKEN sets it)`
      : `Webhook secret token: the webhookSecretToken of secret ${system.secretId}`,
    `Zoom: ${simulator ? `embedded simulator at ${simulator.apiBaseUrl} (every 9–19 digit meeting id is a running meeting with a configured stream)` : system.zoomApiBaseUrl}`,
    ...(simulator ? [`      webinar ${SIMULATOR_WEBINAR_ID} is a running webinar with a configured stream (the only webinar it knows)`] : []),
    ...(simulator && demo
      ? [`      meeting ${SIMULATOR_SCHEDULED_MEETING_ID} is scheduled to start about 2 minutes from now (${demo.meetingStatus} until then), no stream configured`]
      : []),
    `Secret: ${system.secretId}${system.webhookSecretToken ? ' (embedded, accepted by the simulator)' : ' (read from AWS Secrets Manager)'}`,
    `Store: ${system.storeDescription}; start queue and meeting-time timers: in this process`,
    '',
    'Start and stop a stream:',
    curl('POST', `/meetings/${SIMULATOR_MEETING_ID}/livestream/start`, '{"settings":{"display_name":"All hands"}}'),
    curl('POST', `/meetings/${SIMULATOR_MEETING_ID}/livestream/stop`),
    '',
    'When Zoom says a meeting started, start its stream:',
    curl('PUT', `/meetings/${SIMULATOR_MEETING_ID}/livestream/auto-start`, '{"settings":{"layout":"speaker_view"}}'),
    `  npm run webhook:send -- meeting.started ${SIMULATOR_MEETING_ID}`,
    curl('GET', `/meetings/${SIMULATOR_MEETING_ID}/livestream`),
    '',
    'Stream a meeting at its own time (read from Zoom):',
    curl('PUT', `/meetings/${SIMULATOR_SCHEDULED_MEETING_ID}/livestream`, '{"stream_url":"rtmp://live.example.com/app","stream_key":"demo-stream-key-1234","page_url":"https://example.com/live"}'),
    curl('PUT', `/meetings/${SIMULATOR_SCHEDULED_MEETING_ID}/livestream/auto-start`, '{"schedule":true}'),
    '',
    'Ctrl-C stops.',
  ];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
