import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';

/**
 * What keep-alive keeps in both stores (DynamoDB through the real SDK against moto_server, and
 * memory): stops through the API, and restarts counted per Zoom instance up to a maximum.
 */
const { stores } = meetingStores();
const MEETING = { kind: 'meeting', id: '85746065432' } as const;
const registration = { settings: {}, schedule: false, registeredAt: '2026-11-26T08:00:00.000Z', keepAlive: true };

describe.each(stores)('%s', (_, makeStore) => {
  let store: MeetingStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  it('counts restarts of one instance up to the maximum, then refuses', async () => {
    await store.putAutoStart(MEETING, registration, budget());

    const counts = [];
    for (let i = 0; i < 4; i += 1) counts.push(await store.countRestart(MEETING, 'uuid-A==', 3, budget()));

    expect(counts).toEqual([1, 2, 3, undefined]);
    expect((await store.get(MEETING, budget()))?.keepAlive).toEqual({ instance: 'uuid-A==', restarts: 3 });
  });

  it('counts a new instance from one', async () => {
    await store.putAutoStart(MEETING, registration, budget());
    for (let i = 0; i < 3; i += 1) await store.countRestart(MEETING, 'uuid-A==', 3, budget());

    expect(await store.countRestart(MEETING, 'uuid-B==', 3, budget())).toBe(1);
  });

  it('gives two restarts counted at once two numbers', async () => {
    await store.putAutoStart(MEETING, registration, budget());

    const counts = await Promise.all([store.countRestart(MEETING, 'uuid-A==', 3, budget()), store.countRestart(MEETING, 'uuid-A==', 3, budget())]);

    expect(counts.sort()).toEqual([1, 2]);
  });

  it('notes a stop of a known target, and keeps the registration', async () => {
    await store.putAutoStart(MEETING, registration, budget());

    await store.noteStop(MEETING, '2026-11-26T09:30:00.000Z', budget());

    expect(await store.get(MEETING, budget())).toMatchObject({ stoppedAt: '2026-11-26T09:30:00.000Z', autoStart: { keepAlive: true } });
  });

  it('stores nothing for the stop of a target it does not know', async () => {
    await store.noteStop(MEETING, '2026-11-26T09:30:00.000Z', budget());

    expect(await store.get(MEETING, budget())).toBeUndefined();
  });
});
