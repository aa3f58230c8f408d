import { DynamoDbTokenStore } from '../../functions/lib/aws/dynamodb-token-store';
import { MemoryTokenStore } from '../support/memory-token-store';
import type { SharedTokenStore } from '../../functions/lib/zoom/fleet-token';
import { meetingStores } from '../helpers/meeting-stores';

/** The shared token's lease and publication, in DynamoDB through the real SDK on moto, and in memory. */
const { createMeetingsTable, client } = meetingStores();
const KEY = 'token#0123456789abcdef01234567';
const NOW = Date.UTC(2026, 10, 27, 9, 0);
const TOKEN = { ciphertext: 'c2VhbGVk', fingerprint: 'f'.repeat(32), expiresAt: NOW + 3_300_000 };

describe.each([
  ['DynamoDbTokenStore', async (): Promise<SharedTokenStore> => new DynamoDbTokenStore(client(), await createMeetingsTable())],
  ['MemoryTokenStore', async (): Promise<SharedTokenStore> => new MemoryTokenStore()],
])('%s', (_, make) => {
  let store: SharedTokenStore;
  beforeEach(async () => {
    store = await make();
  });

  it('has nothing before the first token', async () => {
    expect(await store.read(KEY, 1000)).toEqual({});
  });

  it('leases to one container at a time, and frees the lease when the token is published', async () => {
    expect(await store.lease(KEY, { owner: 'a', now: NOW, leaseMs: 10_000 }, 1000)).toBe(true);
    expect(await store.lease(KEY, { owner: 'b', now: NOW + 1, leaseMs: 10_000 }, 1000)).toBe(false);

    await store.publish(KEY, TOKEN, 1000);

    expect(await store.read(KEY, 1000)).toEqual({ token: TOKEN });
  });

  it('lets another container take a lease whose holder never published', async () => {
    await store.lease(KEY, { owner: 'a', now: NOW, leaseMs: 10_000 }, 1000);

    expect(await store.lease(KEY, { owner: 'b', now: NOW + 10_001, leaseMs: 10_000 }, 1000)).toBe(true);
  });

  it('leases only to a container that saw the token now stored', async () => {
    await store.publish(KEY, TOKEN, 1000);

    expect(await store.lease(KEY, { owner: 'late', now: NOW, leaseMs: 10_000 }, 1000)).toBe(false);
    expect(await store.lease(KEY, { owner: 'stale', now: NOW, leaseMs: 10_000, replacing: '0'.repeat(32) }, 1000)).toBe(false);
    expect(await store.lease(KEY, { owner: 'current', now: NOW, leaseMs: 10_000, replacing: TOKEN.fingerprint }, 1000)).toBe(true);
  });
});
