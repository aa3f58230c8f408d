import { describeScheduleTarget } from '../infra/schedule-config';
import { callLocal, NotRunningError, runningSession } from './local-client';
import { loadLocalSchedules } from './local-schedules';
import { watchStart } from './watch-start';

/**
 * `npm run schedule:fire -- <name> [start|stop]`: has the running `npm start` fire one of its
 * configured schedules now, as the schedule's time would (a start through the start queue, a stop
 * to the stop function), and follows a start until the stream is live or the worker says why not.
 */
export async function fireSchedule(args: readonly string[], env = process.env, options: { waitMs?: number } = {}): Promise<number> {
  const [name, action = 'start', ...rest] = args;
  if (!name || rest.length > 0 || (action !== 'start' && action !== 'stop')) {
    console.error('usage: npm run schedule:fire -- <name> [start|stop]');
    return 2;
  }
  try {
    const session = runningSession(env);
    const answer = await callLocal(session, 'POST', `/_local/schedules/${encodeURIComponent(name)}/${action}`, env);
    const body = answer.json();
    if (answer.status === 404 && Array.isArray(body?.configured)) {
      for (const line of unknownSchedule(name, body.configured as string[], body.schedulesFile as string | undefined)) console.error(line);
      return 2;
    }
    if (answer.status !== 200) {
      console.error(`${name} ${action}: npm start answered ${answer.status} ${answer.text}`);
      return answer.status === 404 ? 2 : 1;
    }
    console.log(`${name} ${action}: delivered ${JSON.stringify(body.payload)} to npm start at ${session.apiUrl}`);
    if (action === 'stop') {
      if (body.result?.failed) {
        console.error(`${name} stop: failed with ${body.result.failed.name}: ${body.result.failed.message}`);
        return 1;
      }
      console.log(`${name} stop: ${JSON.stringify(body.result)}`);
      return 0;
    }
    console.log(`${name} start: queued for the start worker, as the schedule's time would`);
    const payload = body.payload as { meetingId?: string; webinarId?: string };
    const [kind, id] = payload.webinarId ? (['webinar', payload.webinarId] as const) : (['meeting', payload.meetingId as string] as const);
    return await watchStart(session, kind, id, { env, ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) });
  } catch (error) {
    if (error instanceof NotRunningError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

/** The schedules the running npm start has, or where to configure some when it has none. */
function unknownSchedule(name: string, configured: readonly string[], schedulesFile: string | undefined): string[] {
  if (configured.length > 0) return [`no schedule named "${name}" (configured: ${configured.join(', ')})`];
  const example = loadLocalSchedules({ SCHEDULES_FILE: 'schedules.example.json' })[0];
  return [
    schedulesFile
      ? `no schedule named "${name}": SCHEDULES_FILE=${schedulesFile} of the running npm start holds no schedules`
      : `no schedule named "${name}": the running npm start has none configured (cdk.json context "schedules" is empty and it was started without SCHEDULES_FILE)`,
    `  Put schedules in cdk.json's context "schedules", or in a JSON file that SCHEDULES_FILE names; schedules.example.json shows the format.`,
    `  Try the example: restart it with SCHEDULES_FILE=schedules.example.json npm start, then npm run schedule:fire -- ${example?.name ?? 'weekly-all-hands'} start` +
      (example ? ` (${describeScheduleTarget(example)})` : ''),
  ];
}

if (require.main === module) {
  fireSchedule(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
