import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import type { ClaimRequest } from '../../functions/lib/core/meeting-record';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';

/**
 * Start claims told apart by Zoom's instance (`payload.object.uuid`), in both stores: DynamoDB by
 * its conditional write (real SDK against moto_server), memory in process. A new instance starts
 * however soon after the last; the same instance, or a claim that names no instance inside the
 * occurrence's window, still blocks.
 */
const { stores } = meetingStores();

const MEETING = { kind: 'meeting', id: '85746065432' } as const;
const NOW = Date.UTC(2026, 10, 26, 9, 0);
const SECOND = 1000;
const claim = (jobId: string, overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  jobId,
  origin: 'webhook',
  now: NOW,
  notBefore: NOW - 60 * SECOND,
  leaseMs: 120 * SECOND,
  ...overrides,
});

describe.each(stores)('%s', (_, makeStore) => {
  let store: MeetingStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  async function doneFor(jobId: string, instance?: string): Promise<void> {
    await store.claimStart(MEETING, claim(jobId, instance ? { instance } : {}), budget());
    await store.settleStart(MEETING, { jobId, origin: 'webhook', state: 'done', at: NOW + SECOND, ...(instance ? { instance } : {}) }, budget());
  }

  it('are won by a new instance seconds after the last one started', async () => {
    await doneFor('job-a', 'uuid-A==');

    const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 25 * SECOND, notBefore: NOW - 35 * SECOND, instance: 'uuid-B==' }), budget());

    expect(result).toEqual({ won: true });
    expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-b', state: 'pending', instance: 'uuid-B==' });
  });

  it('are refused to another job of the same instance', async () => {
    await doneFor('job-a', 'uuid-A==');

    const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 25 * SECOND, instance: 'uuid-A==' }), budget());

    expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', state: 'done', instance: 'uuid-A==' } });
  });

  it('are refused to the same instance while its start is pending', async () => {
    await store.claimStart(MEETING, claim('job-a', { instance: 'uuid-A==' }), budget());

    const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + SECOND, instance: 'uuid-A==' }), budget());

    expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', state: 'pending' } });
  });

  it('are refused to an instance when a start without instance (a schedule) is inside its window', async () => {
    await doneFor('schedule-1');

    const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 25 * SECOND, instance: 'uuid-B==' }), budget());

    expect(result).toMatchObject({ won: false, claim: { jobId: 'schedule-1', state: 'done' } });
    expect((await store.get(MEETING, budget()))?.startClaim?.instance).toBeUndefined();
  });

  it('are refused to a schedule inside the window of an instance a webhook started', async () => {
    await doneFor('job-a', 'uuid-A==');

    const result = await store.claimStart(MEETING, claim('schedule-1', { origin: 'schedule', now: NOW + 25 * SECOND }), budget());

    expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', instance: 'uuid-A==' } });
  });

  it('report one failure per instance: another job of it is refused, the failed job may retry', async () => {
    await store.claimStart(MEETING, claim('job-a', { instance: 'uuid-A==' }), budget());
    await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'failed', at: NOW + SECOND, code: 'ZOOM_UNAVAILABLE', instance: 'uuid-A==' }, budget());

    expect(await store.claimStart(MEETING, claim('job-b', { now: NOW + 2 * SECOND, instance: 'uuid-A==' }), budget())).toMatchObject({ won: false });
    expect(await store.claimStart(MEETING, claim('job-a', { now: NOW + 3 * SECOND, instance: 'uuid-A==' }), budget())).toEqual({ won: true });
  });

  it('forget the instance when a job without one takes the claim', async () => {
    await doneFor('job-a', 'uuid-A==');

    await store.claimStart(MEETING, claim('schedule-1', { origin: 'schedule', now: NOW + 3600_000, notBefore: NOW + 3000_000 }), budget());

    expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'schedule-1' });
    expect((await store.get(MEETING, budget()))?.startClaim?.instance).toBeUndefined();
  });
});
