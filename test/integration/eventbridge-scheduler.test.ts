import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  type GetScheduleCommandOutput,
} from '@aws-sdk/client-scheduler';
import { EventBridgeStartScheduler } from '../../functions/lib/aws/eventbridge-start-scheduler';
import { systemClock } from '../../functions/lib/core/clock';
import { LiveStreamError } from '../../functions/lib/core/errors';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import type { SchedulerWiring } from '../../functions/lib/core/config';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto, type MotoServer } from '../support/moto';

/**
 * The EventBridge start scheduler through the real AWS SDK against moto_server's Scheduler API:
 * one-time schedules in the stack's group, at the meeting's wall-clock time in its zone.
 */
const WIRING: SchedulerWiring = {
  group: 'zoom-livestream-starts',
  roleArn: 'arn:aws:iam::123456789012:role/zoom-livestream-scheduler',
  targetArn: 'arn:aws:sqs:us-east-1:123456789012:zoom-livestream-start-queue',
};
const MESSAGE = JSON.stringify({ meetingId: '85746065432', job: { origin: 'meeting-time', id: 'meeting-85746065432-1772532000' } });
const BERLIN_10AM = Date.UTC(2026, 2, 3, 9, 0); // Tuesday 3 March 2026, 10:00 in Berlin

let moto: MotoServer;
let client: SchedulerClient;

const clientFor = (endpoint: string) => new SchedulerClient({ endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS }, maxAttempts: 1 });
const budget = () => new TimeBudget(systemClock, 10_000);
const getSchedule = (name: string, group = WIRING.group): Promise<GetScheduleCommandOutput> => client.send(new GetScheduleCommand({ Name: name, GroupName: group }));
const namesInGroup = async (group = WIRING.group) => ((await client.send(new ListSchedulesCommand({ GroupName: group }))).Schedules ?? []).map((s) => s.Name);

beforeAll(async () => {
  moto = await startMoto();
  client = clientFor(moto.endpoint);
  await client.send(new CreateScheduleGroupCommand({ Name: WIRING.group }));
});
afterAll(async () => {
  client.destroy();
  await moto.stop();
});

describe('arm', () => {
  it("creates a one-time schedule at the meeting's wall-clock time, in its zone", async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await scheduler.arm({ name: 'arm-expression', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    const schedule = await getSchedule('arm-expression');
    expect(schedule).toMatchObject({ ScheduleExpression: 'at(2026-03-03T10:00:00)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  });

  it('turns the flexible window off and has Scheduler delete the schedule once it fired', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await scheduler.arm({ name: 'arm-completion', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    expect(await getSchedule('arm-completion')).toMatchObject({ FlexibleTimeWindow: { Mode: 'OFF' }, ActionAfterCompletion: 'DELETE' });
  });

  it('delivers the start job message to the start queue through the scheduler role', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await scheduler.arm({ name: 'arm-target', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    expect((await getSchedule('arm-target')).Target).toMatchObject({ Arn: WIRING.targetArn, RoleArn: WIRING.roleArn, Input: MESSAGE });
  });

  it('creates the schedule in the stack group and nowhere else', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await scheduler.arm({ name: 'arm-group', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    expect(await namesInGroup('default')).not.toContain('arm-group');
    expect(await namesInGroup()).toContain('arm-group');
  });

  it('parks undeliverable starts in the dead-letter queue when one is wired', async () => {
    const deadLetterArn = 'arn:aws:sqs:us-east-1:123456789012:zoom-livestream-schedule-dlq';
    const scheduler = new EventBridgeStartScheduler(client, { ...WIRING, deadLetterArn });

    await scheduler.arm({ name: 'arm-dlq', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    expect((await getSchedule('arm-dlq')).Target?.DeadLetterConfig).toEqual({ Arn: deadLetterArn });
  });

  it('writes a New York evening in New York time, the day before in UTC', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await scheduler.arm({ name: 'arm-new-york', at: Date.UTC(2026, 6, 15, 0, 30), timezone: 'America/New_York', message: MESSAGE }, budget());

    expect(await getSchedule('arm-new-york')).toMatchObject({ ScheduleExpression: 'at(2026-07-14T20:30:00)', ScheduleExpressionTimezone: 'America/New_York' });
  });

  it('updates the schedule of the same name instead of failing when armed again', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);
    await scheduler.arm({ name: 'arm-again', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    await scheduler.arm({ name: 'arm-again', at: BERLIN_10AM + 30 * 60_000, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    expect((await getSchedule('arm-again')).ScheduleExpression).toBe('at(2026-03-03T10:30:00)');
    expect((await namesInGroup()).filter((name) => name === 'arm-again')).toHaveLength(1);
  });
});

describe('disarm', () => {
  it('deletes the schedule', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);
    await scheduler.arm({ name: 'disarm-me', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget());

    await scheduler.disarm('disarm-me', budget());

    await expect(getSchedule('disarm-me')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('is fine for a schedule that fired (and deleted itself) or never existed', async () => {
    const scheduler = new EventBridgeStartScheduler(client, WIRING);

    await expect(scheduler.disarm('never-armed', budget())).resolves.toBeUndefined();
  });
});

describe('a Scheduler that refuses the call (AccessDeniedException)', () => {
  let denying: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Answers every call as Scheduler answers a role without scheduler:CreateSchedule / DeleteSchedule.
    denying = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.chronos/' });
        res.end(JSON.stringify({ Message: 'User: arn:aws:sts::123456789012:assumed-role/meetings-fn is not authorized to perform: scheduler:CreateSchedule' }));
      });
    });
    await new Promise<void>((resolve) => denying.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(denying.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => denying.close(resolve));
  });

  async function armError(): Promise<unknown> {
    const scheduler = new EventBridgeStartScheduler(clientFor(endpoint), WIRING);
    return scheduler.arm({ name: 'denied', at: BERLIN_10AM, timezone: 'Europe/Berlin', message: MESSAGE }, budget()).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it('is a CONFIGURATION_ERROR', async () => {
    const error = await armError();

    expect(error).toBeInstanceOf(LiveStreamError);
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR', retryable: false });
  });

  it('names the group the function may manage schedules in', async () => {
    const error = (await armError()) as Error;

    expect(error.message).toContain(WIRING.group);
  });

  it('on disarm too', async () => {
    const scheduler = new EventBridgeStartScheduler(clientFor(endpoint), WIRING);

    await expect(scheduler.disarm('denied', budget())).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', message: expect.stringContaining(WIRING.group) });
  });
});
