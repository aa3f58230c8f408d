/**
 * Runs the Zoom simulator on its own, in embedded mode (every well-formed meeting id exists, running
 * with a configured stream, plus a scheduled demo meeting): `PORT=8090 npx tsx test/zoom-simulator/main.ts`.
 */
import { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, SIMULATOR_SCHEDULED_MEETING_ID, startZoomSimulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const simulator = await startZoomSimulator({ port, host: process.env.HOST ?? '127.0.0.1', embedded: true });
  const { accountId, clientId, clientSecret } = SIMULATOR_CREDENTIALS;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
  const scheduled = simulator.meetingState(SIMULATOR_SCHEDULED_MEETING_ID);
  console.log(
    [
      'Zoom simulator (embedded mode) listening',
      `  ZOOM_API_BASE_URL=${simulator.apiBaseUrl}`,
      `  ZOOM_OAUTH_TOKEN_URL=${simulator.tokenUrl}`,
      `  simulator credentials (fake): {"accountId":"${accountId}","clientId":"${clientId}","clientSecret":"${clientSecret}"}`,
      `  scheduled demo meeting ${SIMULATOR_SCHEDULED_MEETING_ID}: ${scheduled?.meetingStatus}, starts by itself in about 2 minutes, no stream configured`,
      '',
      'Try:',
      `  TOKEN=$(curl -s -X POST -H 'Authorization: Basic ${basic}' '${simulator.tokenUrl}?grant_type=account_credentials&account_id=${accountId}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
      `  curl -si -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"action":"start"}' ${simulator.apiBaseUrl}/meetings/${SIMULATOR_MEETING_ID}/livestream/status`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${simulator.apiBaseUrl}/meetings/${SIMULATOR_SCHEDULED_MEETING_ID}`,
      `  curl -s -X POST ${simulator.baseUrl}/_simulator/meetings/${SIMULATOR_MEETING_ID}/end   # as the host would (also start, PATCH, DELETE, GET)`,
    ].join('\n'),
  );
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
