import { targetKey, claimBlocks, inListState, type ClaimRequest, type ClaimResult, type MeetingRecord, type StartClaim } from '../core/meeting-record';
import type { ListRequest, MeetingStore } from '../use-cases/ports';
import { pageOf, sortKey, type Page } from '../core/listing';
import type { LiveStreamTarget } from '../core/target';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The store in memory: `npm start`, tests, and a function run without `MEETINGS_TABLE`. One
 * process's memory, so it is exactly as durable as that process.
 */
export class MemoryMeetingStore implements MeetingStore {
  private readonly records = new Map<string, Mutable<MeetingRecord>>();
  private readonly deliveries = new Map<string, number>();
  /** Epoch ms of each target's last activity, the listing's order (as the table's index has it). */
  private readonly activity = new Map<string, number>();

  async get(target: LiveStreamTarget): Promise<MeetingRecord | undefined> {
    // Copies in and out, as a table would: a caller's later changes never reach the store.
    const record = this.records.get(targetKey(target));
    return record ? structuredClone(record) : undefined;
  }

  async putAutoStart(target: LiveStreamTarget, autoStart: MeetingRecord['autoStart']): Promise<void> {
    this.record(target).autoStart = structuredClone(autoStart);
    if (autoStart) this.touch(target, Date.parse(autoStart.registeredAt));
  }

  async removeAutoStart(target: LiveStreamTarget): Promise<MeetingRecord | undefined> {
    const record = this.records.get(targetKey(target));
    if (!record) return undefined;
    const before = structuredClone(record);
    delete record.autoStart;
    delete record.nextStart;
    return before;
  }

  async setNextStart(target: LiveStreamTarget, next: MeetingRecord['nextStart'], _budget?: unknown, lastOccurrence?: string): Promise<void> {
    if (!next && lastOccurrence === undefined && !this.records.has(targetKey(target))) return;
    const record = this.record(target);
    if (next) record.nextStart = structuredClone(next);
    else delete record.nextStart;
    if (lastOccurrence !== undefined) record.lastOccurrence = lastOccurrence;
  }

  async setStream(target: LiveStreamTarget, stream: NonNullable<MeetingRecord['stream']>, _budget?: unknown, knownOnly = false): Promise<boolean> {
    if (knownOnly && !this.records.has(targetKey(target))) return false;
    const record = this.record(target);
    if (record.stream && Date.parse(record.stream.since) > Date.parse(stream.since)) return false;
    record.stream = { ...stream };
    this.touch(target, Date.parse(stream.since));
    return true;
  }

  async claimStart(target: LiveStreamTarget, request: ClaimRequest): Promise<ClaimResult> {
    const record = this.record(target);
    if (record.startClaim && claimBlocks(record.startClaim, request)) return { won: false, claim: record.startClaim };
    record.startClaim = {
      jobId: request.jobId,
      origin: request.origin,
      state: 'pending',
      at: request.now,
      leaseUntil: request.now + request.leaseMs,
      ...(request.instance !== undefined ? { instance: request.instance } : {}),
    };
    this.touch(target, request.now);
    return { won: true };
  }

  async settleStart(target: LiveStreamTarget, claim: Omit<StartClaim, 'leaseUntil'>): Promise<void> {
    if (claim.state === 'failed' && this.records.get(targetKey(target))?.startClaim?.jobId !== claim.jobId) return;
    this.record(target).startClaim = { ...claim };
    this.touch(target, claim.at);
  }

  async releaseStart(target: LiveStreamTarget, jobId: string): Promise<void> {
    const record = this.records.get(targetKey(target));
    if (record?.startClaim?.jobId === jobId) delete record.startClaim;
  }

  async noteStop(target: LiveStreamTarget, at: string): Promise<void> {
    const record = this.records.get(targetKey(target));
    if (record) record.stoppedAt = at;
  }

  async countRestart(target: LiveStreamTarget, instance: string, max: number): Promise<number | undefined> {
    const record = this.record(target);
    const restarts = record.keepAlive?.instance === instance ? record.keepAlive.restarts : 0;
    if (restarts >= max) return undefined;
    record.keepAlive = { instance, restarts: restarts + 1 };
    return restarts + 1;
  }

  async rememberDelivery(deliveryId: string, expiresAt: number, now: number): Promise<boolean> {
    const known = this.deliveries.get(deliveryId);
    if (known !== undefined && known * 1000 > now) return false;
    this.deliveries.set(deliveryId, expiresAt);
    return true;
  }

  async keepDelivery(deliveryId: string, expiresAt: number): Promise<void> {
    this.deliveries.set(deliveryId, expiresAt);
  }

  async forgetDelivery(deliveryId: string): Promise<void> {
    this.deliveries.delete(deliveryId);
  }

  async list(request: ListRequest): Promise<Page<MeetingRecord>> {
    const ordered = [...this.activity]
      .map(([key, at]) => ({ sortKey: sortKey(at, key), record: this.records.get(key) }))
      .filter((entry): entry is { sortKey: string; record: Mutable<MeetingRecord> } => entry.record !== undefined && inListState(entry.record, request.state))
      .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0))
      .map((entry) => ({ sortKey: entry.sortKey, item: structuredClone(entry.record) as MeetingRecord }));
    return pageOf(ordered, request);
  }

  /** Records without activity (only an armed start, or written before listing existed) are not listed, as in the table. */
  private touch(target: LiveStreamTarget, at: number): void {
    if (Number.isFinite(at)) this.activity.set(targetKey(target), at);
  }

  private record(target: LiveStreamTarget): Mutable<MeetingRecord> {
    const key = targetKey(target);
    let record = this.records.get(key);
    if (!record) {
      record = { target };
      this.records.set(key, record);
    }
    return record;
  }
}
