import type { SharedToken, SharedTokenState, SharedTokenStore } from '../../functions/lib/zoom/fleet-token';

/** The shared token in one process's memory: tests, benchmarks and several runtimes in one process. */
export class MemoryTokenStore implements SharedTokenStore {
  private readonly items = new Map<string, { token?: SharedToken; leaseUntil?: number }>();

  async read(key: string): Promise<SharedTokenState> {
    return { ...this.items.get(key) };
  }

  async lease(key: string, request: { owner: string; now: number; leaseMs: number; replacing?: string }): Promise<boolean> {
    const item = this.items.get(key) ?? {};
    if (item.leaseUntil !== undefined && item.leaseUntil >= request.now) return false;
    if (item.token?.fingerprint !== request.replacing) return false;
    this.items.set(key, { ...item, leaseUntil: request.now + request.leaseMs });
    return true;
  }

  async publish(key: string, token: SharedToken): Promise<void> {
    this.items.set(key, { token });
  }
}
