import { CreateScheduleGroupCommand, DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeStartScheduler } from '../../functions/lib/aws/eventbridge-start-scheduler';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';
import { MOTO_CREDENTIALS, MOTO_REGION, resetMoto, startMoto, type MotoServer } from '../support/moto';

/**
 * With SCHEDULE_GROUP, SCHEDULE_ROLE_ARN and SCHEDULE_TARGET_ARN set, registrations arm EventBridge
 * Scheduler schedules (real SDK, moto_server). moto never fires a schedule: where a test needs the
 * start, it hands the schedule's input to the start queue at its time and deletes it, as Scheduler
 * would with `ActionAfterCompletion: DELETE`.
 */
const GROUP = 'zoom-livestream-meeting-times';
const ENV = {
  SCHEDULE_GROUP: GROUP,
  SCHEDULE_ROLE_ARN: 'arn:aws:iam::123456789012:role/zoom-livestream-start-scheduler',
  SCHEDULE_TARGET_ARN: 'arn:aws:sqs:us-east-1:123456789012:zoom-livestream-start-queue',
};
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const MEETING = '85000000001';
const FIRST = Date.UTC(2026, 2, 3, 17, 0); // 12:00 in New York (UTC-5)
const SECOND = Date.UTC(2026, 2, 10, 16, 0); // 12:00 in New York (UTC-4, after 8 March)
const MOVED = Date.UTC(2026, 2, 3, 19, 30);
const iso = (ms: number) => new Date(ms).toISOString();
const nameOf = (ms: number) => `meeting-${MEETING}-${ms / 1000}`;
const path = `/meetings/${MEETING}/livestream`;

let moto: MotoServer;
let client: SchedulerClient;
let clock: ManualClock;
let system: MeetingTimesSystem;
let savedEndpoint: string | undefined;

beforeAll(async () => {
  moto = await startMoto();
  client = new SchedulerClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  // The functions' own Scheduler client finds moto as it would find a VPC endpoint: by environment.
  savedEndpoint = process.env.AWS_ENDPOINT_URL_SCHEDULER;
  process.env.AWS_ENDPOINT_URL_SCHEDULER = moto.endpoint;
});
afterAll(async () => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_SCHEDULER;
  else process.env.AWS_ENDPOINT_URL_SCHEDULER = savedEndpoint;
  client.destroy();
  await moto.stop();
});

beforeEach(async () => {
  await resetMoto(moto.endpoint);
  await client.send(new CreateScheduleGroupCommand({ Name: GROUP }));
  clock = new ManualClock(T0);
  system = await startMeetingTimesSystem({ clock, env: ENV });
  system.zoom.addMeeting(MEETING, {
    type: 8,
    startTime: iso(FIRST),
    duration: 60,
    timezone: 'America/New_York',
    occurrences: [{ start_time: iso(FIRST) }, { start_time: iso(SECOND) }],
  });
});
afterEach(() => system.close());

const register = (body: unknown = { schedule: true }) => system.api('PUT', `${path}/auto-start`, body);
const schedulesInGroup = async () => ((await client.send(new ListSchedulesCommand({ GroupName: GROUP }))).Schedules ?? []).map((s) => s.Name).sort();
const getSchedule = (name: string) => client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));

/** What Scheduler does at the schedule's time: sends its input to the start queue, then deletes it. */
async function fire(name: string, at: number): Promise<void> {
  const input = (await getSchedule(name)).Target?.Input;
  if (!input) throw new Error(`schedule ${name} has no input`);
  await clock.advanceTo(at);
  await system.startQueue.send(input, 0);
  await client.send(new DeleteScheduleCommand({ Name: name, GroupName: GROUP }));
  await system.settle();
}

it('uses the EventBridge scheduler when the SCHEDULE_* variables are set', () => {
  expect(system.scheduler).toBeInstanceOf(EventBridgeStartScheduler);
});

it("arms a schedule in the group at the occurrence's New York wall-clock time", async () => {
  const answer = await register();

  expect(answer.body.nextStart).toBe(iso(FIRST));
  expect(await getSchedule(nameOf(FIRST))).toMatchObject({
    ScheduleExpression: 'at(2026-03-03T12:00:00)',
    ScheduleExpressionTimezone: 'America/New_York',
    ActionAfterCompletion: 'DELETE',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: ENV.SCHEDULE_TARGET_ARN, RoleArn: ENV.SCHEDULE_ROLE_ARN },
  });
});

it("gives the schedule a start window covering the occurrence's duration", async () => {
  await register();

  const input = JSON.parse((await getSchedule(nameOf(FIRST))).Target?.Input ?? '{}');

  expect(input).toMatchObject({ meetingId: MEETING, job: { origin: 'meeting-time', firstAttemptAt: iso(FIRST), windowEndsAt: iso(FIRST + 60 * 60_000) } });
});

it("starts the stream when the schedule's input reaches the start queue", async () => {
  await register();

  await fire(nameOf(FIRST), FIRST);

  expect(system.zoom.meetingState(MEETING)).toMatchObject({ starts: 1, lastStartAt: FIRST });
});

it('leaves only the next occurrence armed once the fired schedule is gone', async () => {
  await register();

  await fire(nameOf(FIRST), FIRST);

  expect(await schedulesInGroup()).toEqual([nameOf(SECOND)]);
  expect(await getSchedule(nameOf(SECOND))).toMatchObject({ ScheduleExpression: 'at(2026-03-10T12:00:00)' });
});

it('moves the schedule on meeting.updated', async () => {
  await register();

  system.zoom.updateMeeting(MEETING, { occurrences: [{ start_time: iso(MOVED) }, { start_time: iso(SECOND) }] });
  await system.settle();

  expect(await schedulesInGroup()).toEqual([nameOf(MOVED)]);
});

it('rewrites the schedule in the new zone when only the time zone changed', async () => {
  await register();

  system.zoom.updateMeeting(MEETING, { timezone: 'Europe/London' });
  await system.settle();

  expect(await schedulesInGroup()).toEqual([nameOf(FIRST)]);
  expect(await getSchedule(nameOf(FIRST))).toMatchObject({ ScheduleExpression: 'at(2026-03-03T17:00:00)', ScheduleExpressionTimezone: 'Europe/London' });
});

it('keeps one schedule when the meeting is registered again', async () => {
  await register();

  await register({ schedule: true, settings: { layout: 'speaker_view' } });

  expect(await schedulesInGroup()).toEqual([nameOf(FIRST)]);
  expect(JSON.parse((await getSchedule(nameOf(FIRST))).Target?.Input ?? '{}').settings).toEqual({ layout: 'speaker_view' });
});

it('deletes the schedule on DELETE …/auto-start', async () => {
  await register();

  await system.api('DELETE', `${path}/auto-start`);

  expect(await schedulesInGroup()).toEqual([]);
});

it('deletes the schedule on meeting.deleted', async () => {
  await register();

  system.zoom.deleteMeeting(MEETING);
  await system.settle();

  expect(await schedulesInGroup()).toEqual([]);
});

it('arms no schedule for an instant meeting', async () => {
  system.zoom.addMeeting(MEETING, { type: 1 });

  const answer = await register();

  expect(answer.status).toBe(400);
  expect(await schedulesInGroup()).toEqual([]);
});
