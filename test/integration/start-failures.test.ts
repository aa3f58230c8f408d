import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbFailureStore } from '../../functions/lib/aws/dynamodb-failure-store';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import type { FailureStore, MeetingStore } from '../../functions/lib/use-cases/ports';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { ConflictError, NotFoundError } from '../../functions/lib/core/errors';
import { parseQueueMessage, startFailure, type StartJob } from '../../functions/lib/use-cases/start-job';
import { retryStartFailure } from '../../functions/lib/use-cases/start-failures';
import { FakeClock } from '../helpers/fake-clock';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';

/**
 * Failure records and their retry, on both stores: the table's `failure#…` items (real SDK against
 * moto_server) and memory. Listing reads only; a retry queues one job; a second retry while the
 * first is pending is refused.
 */
const { client, createMeetingsTable } = meetingStores();

const T0 = Date.UTC(2026, 11, 1, 8, 0);
const MINUTE = 60_000;
const job = (n: number, overrides: Partial<StartJob> = {}): StartJob => ({
  target: { kind: 'meeting', id: `8200000000${n}` },
  settings: { layout: 'gallery_view' },
  origin: 'schedule',
  jobId: `job-${n}`,
  firstAttemptAt: T0,
  windowEndsAt: T0 + 30 * MINUTE,
  notBefore: T0 - MINUTE,
  ...overrides,
});
const failed = (n: number) => startFailure(job(n), { code: 'STREAM_NOT_CONFIGURED', message: `no stream for ${n}` }, T0 + n * MINUTE, 1);

class SentJobs {
  readonly bodies: string[] = [];
  async send(body: string): Promise<void> {
    this.bodies.push(body);
  }
}

const variants: [string, () => Promise<{ failures: FailureStore; store: MeetingStore; table?: string }>][] = [
  [
    'DynamoDB',
    async () => {
      const table = await createMeetingsTable();
      return { failures: new DynamoDbFailureStore(client(), table), store: new DynamoDbMeetingStore(client(), table), table };
    },
  ],
  ['memory', async () => ({ failures: new MemoryFailureStore(), store: new MemoryMeetingStore() })],
];

describe.each(variants)('failures in %s', (name, make) => {
  let failures: FailureStore;
  let store: MeetingStore;
  let table: string | undefined;
  let clock: FakeClock;
  let queue: SentJobs;
  const retry = (failureId: string) => retryStartFailure(failureId, { failures, store, startQueue: queue, clock, newJobId: () => `n${queue.bodies.length}` }, budget());

  beforeEach(async () => {
    ({ failures, store, table } = await make());
    clock = new FakeClock(T0 + 60 * MINUTE);
    queue = new SentJobs();
  });

  it('are recorded once per job: a second record of the same job changes nothing', async () => {
    expect(await failures.record(failed(1), budget())).toBe(true);
    expect(await failures.record({ ...failed(1), message: 'again' }, budget())).toBe(false);

    expect(await failures.get(failed(1).failureId, budget())).toEqual(failed(1));
  });

  it('are listed newest first, in pages, and listing consumes nothing', async () => {
    for (const n of [1, 2, 3]) await failures.record(failed(n), budget());

    const first = await failures.list({ limit: 2 }, budget());
    const second = await failures.list({ limit: 2, after: first.next }, budget());
    const again = await failures.list({ limit: 10 }, budget());

    expect(first.items.map((f) => f.failureId)).toEqual(['job-3', 'job-2']);
    expect(second.items.map((f) => f.failureId)).toEqual(['job-1']);
    expect(second.next).toBeUndefined();
    expect(again.items.map((f) => f.failureId)).toEqual(['job-3', 'job-2', 'job-1']);
  });

  it('are retried as a new job on the start queue: origin retry, a fresh window, the same settings', async () => {
    await failures.record(failed(1), budget());

    const answer = await retry('job-1');

    expect(answer).toEqual({ failureId: 'job-1', jobId: 'retry-n0' });
    expect(queue.bodies).toHaveLength(1);
    const sent = parseQueueMessage(queue.bodies[0] as string, { messageId: 'm', sentAt: clock.now() });
    expect(sent).toEqual({
      kind: 'start',
      job: {
        target: job(1).target,
        settings: { layout: 'gallery_view' },
        origin: 'retry',
        jobId: 'retry-n0',
        firstAttemptAt: clock.now(),
        windowEndsAt: clock.now() + 30 * MINUTE,
        notBefore: clock.now(),
      },
    });
    expect((await failures.get('job-1', budget()))?.retry).toEqual({ jobId: 'retry-n0', at: clock.now(), windowEndsAt: clock.now() + 30 * MINUTE });
  });

  it('refuses a second retry while the first is pending, and queues nothing for it', async () => {
    await failures.record(failed(1), budget());
    await retry('job-1');

    await expect(retry('job-1')).rejects.toBeInstanceOf(ConflictError);
    expect(queue.bodies).toHaveLength(1);
  });

  it('allows another retry once the first one settled', async () => {
    await failures.record(failed(1), budget());
    await retry('job-1');
    await store.claimStart(job(1).target, { jobId: 'retry-n0', origin: 'retry', now: clock.now(), notBefore: clock.now(), leaseMs: MINUTE }, budget());
    await store.settleStart(job(1).target, { jobId: 'retry-n0', origin: 'retry', state: 'failed', at: clock.now() + 1000, code: 'ZOOM_REJECTED' }, budget());

    await expect(retry('job-1')).resolves.toEqual({ failureId: 'job-1', jobId: 'retry-n1' });
  });

  it('allows another retry once the first one’s window passed', async () => {
    await failures.record(failed(1), budget());
    await retry('job-1');
    clock.advance(31 * MINUTE);

    await expect(retry('job-1')).resolves.toMatchObject({ jobId: 'retry-n1' });
  });

  it('answers an unknown failure with NOT_FOUND', async () => {
    await expect(retry('job-404')).rejects.toBeInstanceOf(NotFoundError);
    expect(queue.bodies).toHaveLength(0);
  });

  it('lets only one of two retries at the same moment through', async () => {
    await failures.record(failed(1), budget());

    const results = await Promise.allSettled([retry('job-1'), retry('job-1')]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(queue.bodies).toHaveLength(1);
  });

  if (name === 'DynamoDB') {
    it('keeps a failure 14 days by the table’s TTL', async () => {
      await failures.record(failed(1), budget());

      const item = await client().send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'failure#job-1' } } }));

      expect(Number(item.Item?.expiresAt?.N)).toBe(Math.floor((T0 + MINUTE) / 1000) + 14 * 86_400);
    });
  }
});
