import { schedulePayload, type ScheduleAction } from '../infra/schedule-config';
import { lambdaContext } from './lambda-context';
import { loadLocalSchedules } from './local-schedules';
import { startLocalFunctions } from './local-system';

/**
 * `npm run schedule:fire -- <name> [start|stop]`: delivers a configured schedule's payload to the
 * local handler as EventBridge Scheduler would (the same input, a direct invoke), so a schedule can
 * be tried without waiting for its time.
 */
export async function fireSchedule(args: readonly string[], env = process.env): Promise<number> {
  const [name, actionArg = 'start', ...rest] = args;
  if (!name || rest.length > 0 || (actionArg !== 'start' && actionArg !== 'stop')) {
    console.error('usage: npm run schedule:fire -- <name> [start|stop]');
    return 2;
  }
  const action: ScheduleAction = actionArg;
  const entries = loadLocalSchedules(env);
  if (entries.length === 0) {
    for (const line of nothingConfigured(name, env.SCHEDULES_FILE)) console.error(line);
    return 2;
  }
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) {
    console.error(`no schedule named "${name}" (configured: ${entries.map((candidate) => candidate.name).join(', ')})`);
    return 2;
  }
  if (action === 'stop' && entry.stop === undefined) {
    console.error(`schedule "${name}" has no stop; Scheduler would never send one`);
    return 2;
  }

  const payload = schedulePayload(entry, action);
  console.log(`${name} ${action}: delivering ${JSON.stringify(payload)}`);
  const functions = await startLocalFunctions(env);
  try {
    const result = await functions.handlers[action](payload, lambdaContext(`local-${action}`));
    console.log(`${name} ${action}: ${JSON.stringify(result)}`);
    return 0;
  } catch (error) {
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // In AWS this throw makes Lambda retry twice, then hands the payload to the failure queue.
    console.error(`${name} ${action}: failed with ${failure}`);
    return 1;
  } finally {
    await functions.close();
  }
}

/** Where schedules come from, and a working example, for a user who has not configured any yet. */
function nothingConfigured(name: string, schedulesFile: string | undefined): string[] {
  return [
    schedulesFile
      ? `no schedule named "${name}": SCHEDULES_FILE=${schedulesFile} holds no schedules`
      : `no schedule named "${name}": none are configured (cdk.json context "schedules" is empty and SCHEDULES_FILE is not set)`,
    `  Put schedules in cdk.json's context "schedules", or in a JSON file that SCHEDULES_FILE names; schedules.example.json shows the format.`,
    '  Try the example: SCHEDULES_FILE=schedules.example.json npm run schedule:fire -- weekly-all-hands start',
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
