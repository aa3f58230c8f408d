import { DynamoDbFailureStore } from '../../functions/lib/aws/dynamodb-failure-store';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import { EventBridgeStartScheduler } from '../../functions/lib/aws/eventbridge-start-scheduler';
import { SnsFailureNotifier } from '../../functions/lib/aws/sns-failure-notifier';
import { SqsFailureQueue, SqsStartQueue } from '../../functions/lib/aws/sqs-queues';
import { systemClock } from '../../functions/lib/core/clock';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import { lazy, liveStreamDeps, meetingsDeps, operatorDeps, startWorkerDeps, webhookDeps } from '../../functions/lib/handlers/composition-root';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { TimerStartScheduler } from '../../functions/lib/memory/timer-start-scheduler';

/**
 * The composition root is the one place that picks an adapter per port, from the function's
 * environment. Building parts makes AWS SDK clients but sends nothing, so these need no emulator.
 */
const ZOOM = { ZOOM_SECRET_ID: 'zoom-livestream/test', AWS_REGION: 'us-east-1' };
const STACK = {
  ...ZOOM,
  MEETINGS_TABLE: 'meetings',
  START_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/start',
  START_FAILURE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/start-failures',
  FAILURE_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:failures',
  SCHEDULE_GROUP: 'group',
  SCHEDULE_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  SCHEDULE_TARGET_ARN: 'arn:aws:sqs:us-east-1:123456789012:start',
};

it("serves every port from the stack's resources when the environment names them", () => {
  const worker = startWorkerDeps(STACK);

  expect(worker.store).toBeInstanceOf(DynamoDbMeetingStore);
  expect(worker.failures).toBeInstanceOf(DynamoDbFailureStore);
  expect(worker.startQueue).toBeInstanceOf(SqsStartQueue);
  expect(worker.failureQueue).toBeInstanceOf(SqsFailureQueue);
  expect(worker.notifier).toBeInstanceOf(SnsFailureNotifier);
  expect(meetingsDeps(STACK).scheduler).toBeInstanceOf(EventBridgeStartScheduler);
});

it('keeps the store, the failures and the meeting times in memory without them', () => {
  const worker = startWorkerDeps(ZOOM);

  expect(worker.store).toBeInstanceOf(MemoryMeetingStore);
  expect(worker.failures).toBeInstanceOf(MemoryFailureStore);
  expect(worker.notifier).toBeUndefined();
  expect(meetingsDeps(ZOOM).scheduler).toBeInstanceOf(TimerStartScheduler);
});

it('refuses a hand-off without START_QUEUE_URL, naming the variable: nothing in a Lambda container would run it', async () => {
  const budget = new TimeBudget(systemClock, 1000);

  for (const deps of [liveStreamDeps(ZOOM), webhookDeps(ZOOM), operatorDeps({})]) {
    await expect(deps.startQueue.send('{}', 0, budget)).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', message: expect.stringContaining('START_QUEUE_URL is not set') });
  }
});

it("reads the webhook's own secret when ZOOM_WEBHOOK_SECRET_ID names one", () => {
  const webhook = webhookDeps({ ...ZOOM, ZOOM_WEBHOOK_SECRET_ID: 'zoom-livestream/webhook' });

  expect(webhook.secret.secretId).toBe('zoom-livestream/webhook');
  expect(webhookDeps(ZOOM).secret.secretId).toBe('zoom-livestream/test');
});

it('builds a new set of parts per call and none before the first use', () => {
  let built = 0;
  const parts = lazy(() => {
    built += 1;
    return liveStreamDeps(ZOOM);
  });

  expect(built).toBe(0);
  expect(parts()).toBe(parts());
  expect(built).toBe(1);
  expect(liveStreamDeps(ZOOM).store).not.toBe(liveStreamDeps(ZOOM).store);
});

it('names a missing ZOOM_SECRET_ID, and lets the operator (which never reads it) do without', () => {
  expect(() => liveStreamDeps({})).toThrow(/ZOOM_SECRET_ID is not set/);
  expect(() => operatorDeps({})).not.toThrow();
});
