import {
  budgetOf,
  ConflictError,
  MEETING,
  NotFoundError,
  processMessage,
  queuedMessage,
  recordedFailures,
  recordStartFailure,
  retryStartFailure,
  startJob,
  useCaseDeps,
  type UseCaseDeps,
} from './support';

const MINUTE = 60_000;
const failure = { code: 'STREAM_NOT_CONFIGURED', message: 'meeting 85746065432 has no custom live stream configured' };

let deps: UseCaseDeps;
let ids: number;
beforeEach(() => {
  ids = 0;
  deps = useCaseDeps({ newJobId: () => `n${(ids += 1)}` });
});

const job = () => startJob(deps, { origin: 'schedule', jobId: 'schedule-1', settings: { layout: 'gallery_view' }, windowEndsAt: deps.clock.now() + 30 * MINUTE });
const retry = (failureId: string) => retryStartFailure(failureId, deps, budgetOf(deps));

describe('recordStartFailure', () => {
  it('records a failed job once and announces it once, also when its message is delivered again', async () => {
    const recorded = await recordStartFailure(job(), failure, 1, deps, budgetOf(deps));
    expect(await recordStartFailure(job(), { ...failure, message: 'again' }, 2, deps, budgetOf(deps))).toBeUndefined();

    expect(recorded).toMatchObject({ failureId: 'schedule-1', target: MEETING, origin: 'schedule', code: 'STREAM_NOT_CONFIGURED', attempts: 1, windowMinutes: 30 });
    expect(await recordedFailures(deps)).toEqual([recorded]);
    expect(deps.notifier.notified).toEqual([recorded]);
  });

  it('keeps the record when the notice cannot be published', async () => {
    deps.notifier.failWith = new Error('SNS is down');
    await expect(recordStartFailure(job(), failure, 1, deps, budgetOf(deps))).resolves.toMatchObject({ failureId: 'schedule-1' });
    expect(await recordedFailures(deps)).toHaveLength(1);
  });
});

describe('retryStartFailure', () => {
  beforeEach(async () => {
    await recordStartFailure(job(), failure, 1, deps, budgetOf(deps));
    deps.clock.advance(60 * MINUTE);
  });

  it('queues a new job at once: origin retry, the same target and settings, a fresh window of the same length', async () => {
    const now = deps.clock.now();
    expect(await retry('schedule-1')).toEqual({ failureId: 'schedule-1', jobId: 'retry-n1' });

    expect(deps.startQueue.sent.map((entry) => entry.delaySeconds)).toEqual([0]);
    expect(deps.startQueue.jobs()).toEqual([
      { target: MEETING, settings: { layout: 'gallery_view' }, origin: 'retry', jobId: 'retry-n1', firstAttemptAt: now, windowEndsAt: now + 30 * MINUTE, notBefore: now },
    ]);
    expect((await deps.failures.get('schedule-1', budgetOf(deps)))?.retry).toEqual({ jobId: 'retry-n1', at: now, windowEndsAt: now + 30 * MINUTE });
  });

  it('answers an unknown failure with NOT_FOUND and queues nothing', async () => {
    await expect(retry('no-such-failure')).rejects.toBeInstanceOf(NotFoundError);
    expect(deps.startQueue.sent).toEqual([]);
  });

  it('refuses a second retry while the first is pending (CONFLICT), and queues nothing for it', async () => {
    await retry('schedule-1');
    await expect(retry('schedule-1')).rejects.toBeInstanceOf(ConflictError);
    expect(deps.startQueue.sent).toHaveLength(1);
  });

  it('allows another retry once the first one ran; the retried start starts the stream although the failed claim is there', async () => {
    await deps.store.claimStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', now: deps.clock.now() - 60 * MINUTE, notBefore: 0, leaseMs: 60_000 }, budgetOf(deps));
    await deps.store.settleStart(MEETING, { jobId: 'schedule-1', origin: 'schedule', state: 'failed', at: deps.clock.now() - 60 * MINUTE, code: 'STREAM_NOT_CONFIGURED' }, budgetOf(deps));
    await retry('schedule-1');

    expect(await processMessage(deps, queuedMessage(deps.startQueue.sent[0]!.body))).toBe('done');
    expect(deps.fakeZoom.callsOf('updateLiveStreamStatus', 'start')).toHaveLength(1);

    expect(await retry('schedule-1')).toEqual({ failureId: 'schedule-1', jobId: 'retry-n2' });
  });

  it('allows another retry once the first one’s window passed', async () => {
    await retry('schedule-1');
    deps.clock.advance(31 * MINUTE);
    await expect(retry('schedule-1')).resolves.toMatchObject({ jobId: 'retry-n2' });
  });
});
