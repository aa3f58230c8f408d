import { pageOf, sortKey, type Page, type PageRequest } from '../core/listing';
import type { FailureRetry, StartFailure } from '../core/start-failure';
import type { FailureStore } from '../use-cases/ports';

/** Failures in memory (`npm start`, tests): the same answers as the table, one process's lifetime. */
export class MemoryFailureStore implements FailureStore {
  private readonly failures = new Map<string, StartFailure>();

  async record(failure: StartFailure): Promise<boolean> {
    if (this.failures.has(failure.failureId)) return false;
    this.failures.set(failure.failureId, structuredClone(failure));
    return true;
  }

  async get(failureId: string): Promise<StartFailure | undefined> {
    const failure = this.failures.get(failureId);
    return failure ? structuredClone(failure) : undefined;
  }

  async setRetry(failureId: string, retry: FailureRetry, previous: string | undefined): Promise<boolean> {
    const failure = this.failures.get(failureId);
    if (!failure || failure.retry?.jobId !== previous) return false;
    this.failures.set(failureId, { ...failure, retry: { ...retry } });
    return true;
  }

  async list(request: PageRequest): Promise<Page<StartFailure>> {
    const ordered = [...this.failures.values()]
      .map((failure) => ({ sortKey: sortKey(failure.failedAt, `failure#${failure.failureId}`), item: structuredClone(failure) }))
      .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
    return pageOf(ordered, request);
  }
}
