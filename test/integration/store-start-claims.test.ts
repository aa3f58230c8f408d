import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import type { ClaimRequest } from '../../functions/lib/core/meeting-record';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';

/**
 * Start claims, the rule in `claimBlocks` as both stores apply it: DynamoDB by a conditional write
 * (through the real SDK against moto_server), memory in process. A schedule and a webhook that fire
 * for one meeting start it once and report at most one failure.
 */
const { stores } = meetingStores();

const MEETING = { kind: 'meeting', id: '85746065432' } as const;
const NOW = Date.UTC(2026, 10, 26, 9, 0);
const MINUTE = 60_000;
const autoStart = (settings: Record<string, unknown> = {}) => ({ settings, schedule: false, registeredAt: '2026-11-26T08:00:00.000Z' });
const claim = (jobId: string, overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  jobId,
  origin: 'webhook',
  now: NOW,
  notBefore: NOW - 10 * MINUTE,
  leaseMs: 2 * MINUTE,
  ...overrides,
});

describe.each(stores)('%s', (_, makeStore) => {
  let store: MeetingStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  describe('start claims', () => {
    it('are won by the first job, pending with a lease', async () => {
      expect(await store.claimStart(MEETING, claim('job-a'), budget())).toEqual({ won: true });
      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-a', origin: 'webhook', state: 'pending', at: NOW, leaseUntil: NOW + 2 * MINUTE });
    });

    it('are refused to another job while a pending claim holds its lease', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + MINUTE, origin: 'schedule' }), budget());

      expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', state: 'pending' } });
    });

    it('are won by another job once the pending lease has expired', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 3 * MINUTE }), budget());

      expect(result).toEqual({ won: true });
      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-b', state: 'pending' });
    });

    it.each(['done', 'failed'] as const)('are refused to another job after a %s start since notBefore', async (state) => {
      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state, at: NOW + MINUTE, ...(state === 'failed' ? { code: 'ZOOM_UNAVAILABLE' } : {}) }, budget());

      const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 20 * MINUTE }), budget());

      expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', state } });
    });

    it('are won by another job when the existing claim is older than notBefore', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'done', at: NOW }, budget());

      const result = await store.claimStart(MEETING, claim('job-b', { now: NOW + 7 * 24 * 60 * MINUTE, notBefore: NOW + 1 }), budget());

      expect(result).toEqual({ won: true });
    });

    it('are refused to the same job while its own pending claim holds its lease (a message delivered twice at once)', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      const result = await store.claimStart(MEETING, claim('job-a', { now: NOW + 1000 }), budget());

      expect(result).toMatchObject({ won: false, claim: { jobId: 'job-a', state: 'pending' } });
    });

    it('are taken back by the same job once its own pending lease has expired', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      expect(await store.claimStart(MEETING, claim('job-a', { now: NOW + 3 * MINUTE }), budget())).toEqual({ won: true });
    });

    it('are taken back by the job holding a failed claim, for its retry', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'failed', at: NOW, code: 'ZOOM_UNAVAILABLE' }, budget());

      expect(await store.claimStart(MEETING, claim('job-a', { now: NOW + 1000 }), budget())).toEqual({ won: true });
      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-a', state: 'pending', at: NOW + 1000 });
    });

    it('are refused to the job that already started the stream', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'done', at: NOW }, budget());

      expect(await store.claimStart(MEETING, claim('job-a', { now: NOW + 1000 }), budget())).toMatchObject({ won: false, claim: { state: 'done' } });
    });

    it('record a success without a lease, and without an earlier failure code', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'failed', at: NOW, code: 'ZOOM_UNAVAILABLE' }, budget());
      await store.claimStart(MEETING, claim('job-a', { now: NOW + 1000 }), budget());

      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'done', at: NOW + 2000 }, budget());

      const settled = (await store.get(MEETING, budget()))?.startClaim;
      expect(settled).toMatchObject({ jobId: 'job-a', state: 'done', at: NOW + 2000 });
      expect(settled?.leaseUntil).toBeUndefined();
      expect(settled?.code).toBeUndefined();
    });

    it('record a success by a job holding no claim over another pending one', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      await store.settleStart(MEETING, { jobId: 'http-start', origin: 'http', state: 'done', at: NOW + 1000 }, budget());

      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'http-start', state: 'done' });
    });

    it('record a failure with its code over the failing job’s own claim', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'failed', at: NOW + 1000, code: 'STREAM_NOT_CONFIGURED' }, budget());

      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-a', state: 'failed', code: 'STREAM_NOT_CONFIGURED' });
    });

    it('never record a failure over another job’s claim', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      await store.settleStart(MEETING, { jobId: 'job-b', origin: 'schedule', state: 'failed', at: NOW + 1000, code: 'ZOOM_UNAVAILABLE' }, budget());

      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-a', state: 'pending' });
    });

    it('leave no trace of a failure settled for a target never written', async () => {
      await store.settleStart(MEETING, { jobId: 'job-b', origin: 'schedule', state: 'failed', at: NOW, code: 'ZOOM_UNAVAILABLE' }, budget());

      expect(await store.get(MEETING, budget())).toBeUndefined();
    });

    it('are released by the job holding them, so another job wins at once', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      await store.releaseStart(MEETING, 'job-a', budget());

      expect((await store.get(MEETING, budget()))?.startClaim).toBeUndefined();
      expect(await store.claimStart(MEETING, claim('job-b', { now: NOW + 1000 }), budget())).toEqual({ won: true });
    });

    it('are not released by another job', async () => {
      await store.claimStart(MEETING, claim('job-a'), budget());

      await store.releaseStart(MEETING, 'job-b', budget());

      expect((await store.get(MEETING, budget()))?.startClaim).toMatchObject({ jobId: 'job-a', state: 'pending' });
    });

    it('leave no trace when a target never written is released', async () => {
      await store.releaseStart(MEETING, 'job-a', budget());

      expect(await store.get(MEETING, budget())).toBeUndefined();
    });

    it('leave the registration and stream state alone', async () => {
      await store.putAutoStart(MEETING, autoStart({ layout: 'speaker_view' }), budget());
      await store.setStream(MEETING, { state: 'stopped', since: '2026-11-26T08:00:00.000Z' }, budget());

      await store.claimStart(MEETING, claim('job-a'), budget());
      await store.settleStart(MEETING, { jobId: 'job-a', origin: 'webhook', state: 'done', at: NOW }, budget());

      expect(await store.get(MEETING, budget())).toMatchObject({ autoStart: autoStart({ layout: 'speaker_view' }), stream: { state: 'stopped' } });
    });
  });
});
