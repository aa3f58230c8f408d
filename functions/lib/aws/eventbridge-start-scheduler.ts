import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { SchedulerWiring } from '../core/config';
import type { TimeBudget } from '../core/time-budget';
import { wallClockTime } from '../core/clock';
import { AWS_CLIENT_OPTIONS, AWS_REQUEST_TIMEOUT_MS, awsCall } from './aws-call';
import type { ScheduledStart, StartScheduler } from '../use-cases/ports';

export function createSchedulerClient(): SchedulerClient {
  return new SchedulerClient(AWS_CLIENT_OPTIONS);
}

/**
 * One-time schedules in the stack's group, delivering the job to the start queue through a role
 * that can do nothing else. `ActionAfterCompletion: DELETE` removes each once it has fired, so the
 * group holds only starts still to come.
 */
export class EventBridgeStartScheduler implements StartScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly wiring: SchedulerWiring,
  ) {}

  async arm(start: ScheduledStart, budget: TimeBudget): Promise<void> {
    const input: CreateScheduleCommandInput = {
      Name: start.name,
      GroupName: this.wiring.group,
      ...atExpression(start),
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Description: 'Start of a live stream at the time Zoom has for the meeting',
      Target: {
        Arn: this.wiring.targetArn,
        RoleArn: this.wiring.roleArn,
        Input: start.message,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        ...(this.wiring.deadLetterArn ? { DeadLetterConfig: { Arn: this.wiring.deadLetterArn } } : {}),
      },
    };
    await this.call(`creating schedule ${start.name}`, budget, async (abortSignal) => {
      try {
        await this.client.send(new CreateScheduleCommand(input), { abortSignal });
      } catch (error) {
        // Armed before (a repeated registration): make it say what it should say now.
        if (!(error instanceof ConflictException) && (error as Error).name !== 'ConflictException') throw error;
        await this.client.send(new UpdateScheduleCommand(input), { abortSignal });
      }
    });
  }

  async disarm(name: string, budget: TimeBudget): Promise<void> {
    await this.call(`deleting schedule ${name}`, budget, async (abortSignal) => {
      try {
        await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.wiring.group }), { abortSignal });
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
    });
  }

  private async call(what: string, budget: TimeBudget, send: (abortSignal: AbortSignal) => Promise<void>): Promise<void> {
    await awsCall(what, budget.requestTimeout(AWS_REQUEST_TIMEOUT_MS), send, (name) =>
      name.startsWith('AccessDenied')
        ? `not allowed (${name}): the function may manage schedules in group ${this.wiring.group} and pass ${this.wiring.roleArn} only`
        : name === 'ResourceNotFoundException'
          ? `schedule group ${this.wiring.group} does not exist; check SCHEDULE_GROUP`
          : undefined,
    );
  }
}

/**
 * `at(…)` in the meeting's wall-clock time, except in the repeated hour when clocks go back: there a
 * wall-clock time names two instants and Scheduler takes the first, an hour early for a meeting in
 * the second one. Such a start is expressed in UTC instead.
 */
export function atExpression(start: Pick<ScheduledStart, 'at' | 'timezone'>): { ScheduleExpression: string; ScheduleExpressionTimezone: string } {
  const local = wallClockTime(start.at, start.timezone);
  const ambiguous = wallClockTime(start.at - 3_600_000, start.timezone) === local;
  return ambiguous
    ? { ScheduleExpression: `at(${wallClockTime(start.at, 'UTC')})`, ScheduleExpressionTimezone: 'UTC' }
    : { ScheduleExpression: `at(${local})`, ScheduleExpressionTimezone: start.timezone };
}
