/**
 * Calls per occurrence of a registered recurring meeting, run with `npm run bench:meeting-times`.
 *
 * The functions run as one container runs them (meetings, webhook and start worker over the
 * in-process start queue, the local API Gateway over real HTTP) against the Zoom simulator, with
 * the EventBridge start scheduler talking to moto_server through the real AWS SDK. moto never fires
 * a schedule, so at each occurrence's time the bench does what Scheduler does: it hands the
 * schedule's input to the start queue and deletes the schedule (`ActionAfterCompletion: DELETE`).
 *
 * Counted: Zoom meeting reads (`GET /meetings/{id}`), live stream PATCHes, and the functions'
 * Scheduler SDK calls (a client middleware; the bench's own calls use another client).
 * Goals: one meeting read at registration and at each re-arm, one schedule create per occurrence,
 * no update or delete, one PATCH per start.
 */
import { CreateScheduleGroupCommand, DeleteScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeStartScheduler } from '../functions/lib/aws/eventbridge-start-scheduler';
import { logger } from '../functions/lib/core/logger';
import { ManualClock } from '../test/helpers/manual-clock';
import { startMeetingTimesSystem, until, type MeetingTimesSystem } from '../test/helpers/meeting-times-system';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from '../test/support/moto';
import { median, timed } from './stats';

const OCCURRENCES = Number(process.env.BENCH_OCCURRENCES ?? 6);
const MEETING = '88000000001';
const GROUP = 'bench-meeting-times';
const WIRING = {
  group: GROUP,
  roleArn: 'arn:aws:iam::123456789012:role/bench-start-scheduler',
  targetArn: 'arn:aws:sqs:us-east-1:123456789012:bench-start-queue',
};
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const FIRST = Date.UTC(2026, 2, 3, 9, 0);
const WEEK = 7 * 24 * 3600_000;
const HOST_LATE_MS = 2 * 60_000;

logger.setLogLevel('SILENT');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Counts {
  reads: number;
  patches: number;
  otherZoom: number;
  create: number;
  update: number;
  delete: number;
}

interface Row extends Counts {
  readonly phase: string;
  readonly goal: string;
  readonly ms?: number;
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const sdkCalls = new Map<string, number>();
  const counted = new SchedulerClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      sdkCalls.set(name, (sdkCalls.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countSchedulerCalls' },
  );
  const scheduler = new SchedulerClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  await scheduler.send(new CreateScheduleGroupCommand({ Name: GROUP }));
  const clock = new ManualClock(T0);
  const system = await startMeetingTimesSystem({
    clock,
    env: { SCHEDULE_GROUP: WIRING.group, SCHEDULE_ROLE_ARN: WIRING.roleArn, SCHEDULE_TARGET_ARN: WIRING.targetArn },
    scheduler: new EventBridgeStartScheduler(counted, WIRING),
  });
  try {
    const starts = Array.from({ length: OCCURRENCES }, (_, i) => FIRST + i * WEEK);
    system.zoom.addMeeting(MEETING, {
      type: 8,
      startTime: new Date(FIRST).toISOString(),
      duration: 60,
      timezone: 'Europe/Berlin',
      occurrences: starts.map((ms) => ({ start_time: new Date(ms).toISOString() })),
    });
    const snapshot = (): Counts => count(system, sdkCalls);
    const rows: Row[] = [];

    let before = snapshot();
    const registered = await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { schedule: true });
    if (registered.status !== 200) throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
    rows.push({ phase: 'registration', goal: '1 read, 1 create', ...minus(snapshot(), before) });

    const handling: number[] = [];
    for (const [i, at] of starts.entries()) {
      const last = i === starts.length - 1;
      const hostLate = i === 1;
      // The second occurrence's host is late: the start waits, reading Zoom's status every 10 s.
      system.zoom.setMeetingStatus(MEETING, hostLate ? 'waiting' : 'started');
      before = snapshot();
      const ms = await timed(() => fire(system, scheduler, clock, at, hostLate));
      handling.push(ms);
      rows.push({
        phase: `occurrence ${i + 1}${hostLate ? ` (host ${HOST_LATE_MS / 60_000} min late)` : ''}`,
        goal: last ? '1 PATCH, 1 read, 0 create' : '1 PATCH, 1 read, 1 create',
        ms,
        ...minus(snapshot(), before),
      });
    }

    print(rows);
    const onTime = rows.filter((row) => row.phase.startsWith('occurrence') && !row.phase.includes('late'));
    const perOccurrence = (key: keyof Counts) => onTime.reduce((sum, row) => sum + row[key], 0) / onTime.length;
    console.log(
      `\nper on-time occurrence: ${perOccurrence('reads').toFixed(2)} meeting read(s), ${perOccurrence('patches').toFixed(2)} PATCH(es), ` +
        `${perOccurrence('create').toFixed(2)} create(s), ${perOccurrence('update').toFixed(2)} update(s), ${perOccurrence('delete').toFixed(2)} delete(s)`,
    );
    console.log(`handling of one occurrence (fire to settled, real HTTP and moto): median ${median(handling).toFixed(1)} ms over ${handling.length}`);
    console.log(`starts Zoom recorded: ${system.zoom.meetingState(MEETING)?.starts ?? 0} of ${OCCURRENCES}; token exchanges: ${system.zoom.tokenExchanges}`);
  } finally {
    await system.close();
    counted.destroy();
    scheduler.destroy();
    await moto.stop();
  }
}

/** Scheduler's part at the schedule's time: the input to the start queue, then the schedule deleted. */
async function fire(system: MeetingTimesSystem, scheduler: SchedulerClient, clock: ManualClock, at: number, hostLate: boolean): Promise<void> {
  const name = `meeting-${MEETING}-${at / 1000}`;
  const input = (await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }))).Target?.Input;
  if (!input) throw new Error(`no schedule ${name} armed`);
  await clock.advanceTo(at);
  await system.startQueue.send(input, 0);
  await scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: GROUP }));
  if (!hostLate) {
    await system.settle();
    return;
  }
  // Each look at the meeting's status waits 10 s on the clock: move it on until the stream is live.
  const startsBefore = system.zoom.meetingState(MEETING)?.starts ?? 0;
  const started = () => (system.zoom.meetingState(MEETING)?.starts ?? 0) > startsBefore;
  while (!started()) {
    await until(() => clock.sleeping > 0 || started(), 'the waiting start to look again or start');
    if (started()) break;
    const next = clock.now() + 10_000;
    // The host joins: Zoom reports the meeting running from then on (no event, so only the polling sees it).
    if (next >= at + HOST_LATE_MS) system.zoom.setMeetingStatus(MEETING, 'started');
    await clock.advanceTo(next);
  }
  await system.settle();
}

function count(system: MeetingTimesSystem, sdkCalls: ReadonlyMap<string, number>): Counts {
  const requests = system.zoom.apiRequests;
  const reads = requests.filter((r) => r.method === 'GET' && /^\/v2\/meetings\/\d+$/.test(r.path)).length;
  const patches = requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status')).length;
  return {
    reads,
    patches,
    otherZoom: requests.length - reads - patches,
    create: sdkCalls.get('CreateScheduleCommand') ?? 0,
    update: sdkCalls.get('UpdateScheduleCommand') ?? 0,
    delete: sdkCalls.get('DeleteScheduleCommand') ?? 0,
  };
}

function minus(after: Counts, before: Counts): Counts {
  return {
    reads: after.reads - before.reads,
    patches: after.patches - before.patches,
    otherZoom: after.otherZoom - before.otherZoom,
    create: after.create - before.create,
    update: after.update - before.update,
    delete: after.delete - before.delete,
  };
}

function print(rows: readonly Row[]): void {
  const header = ['phase', 'meeting reads', 'status PATCHes', 'other Zoom', 'Create', 'Update', 'Delete', 'ms', 'goal'];
  const body = rows.map((row) => [
    row.phase,
    String(row.reads),
    String(row.patches),
    String(row.otherZoom),
    String(row.create),
    String(row.update),
    String(row.delete),
    row.ms === undefined ? '' : row.ms.toFixed(1),
    row.goal,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ');
  console.log(`Recurring meeting, ${OCCURRENCES} weekly occurrences; EventBridge Scheduler calls through the SDK to moto_server`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cells of body) console.log(line(cells));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
