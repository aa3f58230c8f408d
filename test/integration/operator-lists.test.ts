import { sortKey } from '../../functions/lib/core/listing';
import type { ListRequest, MeetingStore } from '../../functions/lib/use-cases/ports';
import type { MeetingRecord } from '../../functions/lib/core/meeting-record';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';

/**
 * `GET /livestreams` as both stores answer it: DynamoDB by Query on the listing index (real SDK
 * against moto_server), memory in process. Same order, same pages, same filters.
 */
const { stores } = meetingStores();

const T0 = Date.UTC(2026, 11, 1, 8, 0);
const MINUTE = 60_000;
const meeting = (n: number) => ({ kind: 'meeting', id: `8100000000${n}` }) as const;
const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
const registration = (minutes: number) => ({ settings: { layout: 'speaker_view' as const }, schedule: false, registeredAt: at(minutes) });

/** Seven meetings registered a minute apart; 2 and 5 live, 3 armed, 4 failed, 6 a webinar. */
async function seed(store: MeetingStore): Promise<void> {
  for (let n = 0; n < 7; n += 1) {
    const target = n === 6 ? ({ kind: 'webinar', id: '9100000000006' } as const) : meeting(n);
    await store.putAutoStart(target, registration(n), budget());
  }
  await store.setStream(meeting(2), { state: 'live', since: at(10) }, budget());
  await store.setStream(meeting(5), { state: 'live', since: at(11) }, budget());
  await store.setNextStart(meeting(3), { at: at(120), scheduleName: 'm3', timezone: 'UTC', windowMinutes: 15 }, budget());
  await store.claimStart(meeting(4), { jobId: 'job-4', origin: 'schedule', now: T0 + 12 * MINUTE, notBefore: 0, leaseMs: MINUTE }, budget());
  await store.settleStart(meeting(4), { jobId: 'job-4', origin: 'schedule', state: 'failed', at: T0 + 13 * MINUTE, code: 'STREAM_NOT_CONFIGURED' }, budget());
  // Not targets: a webhook delivery is never listed.
  await store.rememberDelivery('delivery-1', Math.floor(T0 / 1000) + 3600, T0, budget());
}

const ids = (records: readonly MeetingRecord[]) => records.map((record) => record.target.id);

async function allPages(store: MeetingStore, request: Omit<ListRequest, 'after'>) {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await store.list({ ...request, ...(after ? { after } : {}) }, budget());
    pages.push(ids(page.items));
    after = page.next;
  } while (after !== undefined && pages.length < 20);
  return pages;
}

describe.each(stores)('%s', (_, makeStore) => {
  let store: MeetingStore;
  beforeEach(async () => {
    store = await makeStore();
    await seed(store);
  });

  it('lists every target newest activity first, in pages that end with a cursor until the last', async () => {
    const pages = await allPages(store, { limit: 3 });

    expect(pages).toEqual([
      ['81000000004', '81000000005', '81000000002'],
      ['9100000000006', '81000000003', '81000000001'],
      ['81000000000'],
    ]);
  });

  it('gives no cursor when the page holds exactly the last items', async () => {
    const page = await store.list({ limit: 7 }, budget());

    expect(page.items).toHaveLength(7);
    expect(page.next).toBeUndefined();
  });

  it.each([
    ['live', ['81000000005', '81000000002']],
    ['armed', ['81000000003']],
    ['failed', ['81000000004']],
    ['registered', ['81000000004', '81000000005', '81000000002', '9100000000006', '81000000003', '81000000001', '81000000000']],
  ] as const)('filters by state %s', async (state, expected) => {
    expect((await allPages(store, { limit: 100, state })).flat()).toEqual(expected);
  });

  it('pages a filtered list too', async () => {
    expect(await allPages(store, { limit: 1, state: 'live' })).toEqual([['81000000005'], ['81000000002']]);
  });

  it('moves a target to the front when something happens to it, and keeps what the record says', async () => {
    await store.setStream(meeting(0), { state: 'live', since: at(30) }, budget());

    const first = (await store.list({ limit: 1 }, budget())).items[0];

    expect(first).toMatchObject({ target: meeting(0), stream: { state: 'live', since: at(30) }, autoStart: registration(0) });
  });

  it('continues after a cursor even when the item it names has moved since', async () => {
    const firstPage = await store.list({ limit: 2 }, budget());
    await store.setStream(meeting(1), { state: 'live', since: at(40) }, budget());

    const second = await store.list({ limit: 2, after: firstPage.next }, budget());

    expect(firstPage.next).toBe(sortKey(T0 + 11 * MINUTE, 'meeting#81000000005'));
    expect(ids(second.items)).toEqual(['81000000002', '9100000000006']);
  });

  it('changes nothing by listing', async () => {
    const before = await allPages(store, { limit: 2 });
    const again = await allPages(store, { limit: 2 });

    expect(again).toEqual(before);
    expect((await store.get(meeting(4), budget()))?.startClaim).toMatchObject({ state: 'failed', code: 'STREAM_NOT_CONFIGURED' });
  });
});
