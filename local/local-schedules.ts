import { cdkJsonContext } from '../infra/cdk-json';
import { describeScheduleTarget, readSchedulesFromContext, type ScheduleAction, type ScheduleEntry } from '../infra/schedule-config';
import { formatFireTime, nextFireTimes } from '../infra/schedule-times';

/**
 * The schedules the stack would deploy: `cdk.json`'s context, or the file `SCHEDULES_FILE` names
 * (the local counterpart of `-c schedulesFile=PATH`). Read without loading the CDK.
 */
export function loadLocalSchedules(env: Readonly<Record<string, string | undefined>> = process.env): ScheduleEntry[] {
  const context = cdkJsonContext();
  if (env.SCHEDULES_FILE) context.schedulesFile = env.SCHEDULES_FILE;
  return readSchedulesFromContext((key) => context[key]);
}

/** Lines for `npm start`: each schedule with its next fire times in its own time zone. */
export function describeSchedules(entries: readonly ScheduleEntry[], now: Date, count = 3): string[] {
  if (entries.length === 0) return ['Schedules: none configured (cdk.json context "schedules", or SCHEDULES_FILE)'];
  const lines = ['Schedules (next fire times in each schedule’s time zone):'];
  for (const entry of entries) {
    lines.push(`  ${entry.name}: ${describeScheduleTarget(entry)}, ${entry.timezone}`);
    for (const action of ['start', 'stop'] as const satisfies readonly ScheduleAction[]) {
      const expression = action === 'start' ? entry.start : entry.stop;
      if (expression === undefined) continue;
      const times = nextFireTimes(entry, action, now, count).map((time) => formatFireTime(time, entry.timezone));
      lines.push(`    ${action.padEnd(5)} ${expression} -> ${times.length ? times.join(', ') : 'will not fire again'}`);
    }
  }
  lines.push('  Fire one now: npm run schedule:fire -- <name> [start|stop]');
  return lines;
}
