import { createServer, type Server, type Socket } from 'node:net';
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { AWS_CLIENT_OPTIONS } from '../../functions/lib/aws/aws-call';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import type { ArmedStart } from '../../functions/lib/core/meeting-record';
import { systemClock } from '../../functions/lib/core/clock';
import { AwsUnavailableError, ConfigurationError } from '../../functions/lib/core/errors';
import { TimeBudget } from '../../functions/lib/core/time-budget';
import { meetingStores, storeBudget as budget } from '../helpers/meeting-stores';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../support/moto';

/**
 * The two stores behind `MeetingStore`, DynamoDB (through the real SDK against moto_server, in a
 * table made as the stack makes it) and memory, held to the same scenarios: whatever a function
 * does, it must not matter which one it runs with. Start claims: store-start-claims.test.ts.
 */
const { stores, createMeetingsTable, client } = meetingStores();

const MEETING = { kind: 'meeting', id: '85746065432' } as const;
const WEBINAR = { kind: 'webinar', id: '85746065432' } as const;
const NOW = Date.UTC(2026, 10, 26, 9, 0);
const autoStart = (settings: Record<string, unknown> = {}) => ({ settings, schedule: false, registeredAt: '2026-11-26T08:00:00.000Z' });
const armed: ArmedStart = { at: '2026-11-27T09:00:00.000Z', scheduleName: 'meeting-85746065432-1795770000', timezone: 'Europe/Berlin', windowMinutes: 60 };

describe.each(stores)('%s', (_, makeStore) => {
  let store: MeetingStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  describe('registrations', () => {
    it('knows nothing of a target never written', async () => {
      expect(await store.get(MEETING, budget())).toBeUndefined();
    });

    it('gives back a registration as it was put', async () => {
      await store.putAutoStart(MEETING, autoStart({ layout: 'speaker_view', active_speaker_name: true }), budget());

      expect(await store.get(MEETING, budget())).toMatchObject({ target: MEETING, autoStart: autoStart({ layout: 'speaker_view', active_speaker_name: true }) });
    });

    it('replaces a registration with the next one', async () => {
      await store.putAutoStart(MEETING, autoStart({ layout: 'speaker_view' }), budget());

      await store.putAutoStart(MEETING, autoStart({ display_name: 'Second' }), budget());

      expect((await store.get(MEETING, budget()))?.autoStart).toEqual(autoStart({ display_name: 'Second' }));
    });

    it('keeps a stored registration apart from the object it was given', async () => {
      const given = autoStart({ layout: 'speaker_view' });
      await store.putAutoStart(MEETING, given, budget());

      (given.settings as Record<string, unknown>).layout = 'gallery_view';

      expect((await store.get(MEETING, budget()))?.autoStart?.settings).toEqual({ layout: 'speaker_view' });
    });

    it('keeps a meeting and a webinar with the same id apart', async () => {
      await store.putAutoStart(WEBINAR, autoStart({ display_name: 'Webinar' }), budget());

      expect(await store.get(MEETING, budget())).toBeUndefined();
      expect((await store.get(WEBINAR, budget()))?.autoStart?.settings).toEqual({ display_name: 'Webinar' });
    });

    it('removes a registration and its armed start, resolving to the record as it was', async () => {
      await store.putAutoStart(MEETING, autoStart({ layout: 'speaker_view' }), budget());
      await store.setNextStart(MEETING, armed, budget());

      const before = await store.removeAutoStart(MEETING, budget());

      expect(before).toMatchObject({ autoStart: autoStart({ layout: 'speaker_view' }), nextStart: armed });
      const after = await store.get(MEETING, budget());
      expect(after?.autoStart).toBeUndefined();
      expect(after?.nextStart).toBeUndefined();
    });

    it('keeps the stream state when the registration is removed', async () => {
      await store.putAutoStart(MEETING, autoStart(), budget());
      await store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:00:00.000Z' }, budget());

      await store.removeAutoStart(MEETING, budget());

      expect((await store.get(MEETING, budget()))?.stream).toEqual({ state: 'live', since: '2026-11-26T09:00:00.000Z' });
    });

    it('removes nothing, and creates nothing, for a target never written', async () => {
      expect(await store.removeAutoStart(MEETING, budget())).toBeUndefined();
      expect(await store.get(MEETING, budget())).toBeUndefined();
    });

    it('sets and clears the armed start', async () => {
      await store.putAutoStart(MEETING, autoStart(), budget());
      await store.setNextStart(MEETING, armed, budget());
      const set = (await store.get(MEETING, budget()))?.nextStart;

      await store.setNextStart(MEETING, undefined, budget());

      expect(set).toEqual(armed);
      expect((await store.get(MEETING, budget()))?.nextStart).toBeUndefined();
    });
  });

  describe('stream state', () => {
    it('takes the first state it is given', async () => {
      expect(await store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:00:00.000Z' }, budget())).toBe(true);
      expect((await store.get(MEETING, budget()))?.stream).toEqual({ state: 'live', since: '2026-11-26T09:00:00.000Z' });
    });

    it('takes a newer state', async () => {
      await store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:00:00.000Z' }, budget());

      expect(await store.setStream(MEETING, { state: 'stopped', since: '2026-11-26T09:00:00.001Z' }, budget())).toBe(true);
      expect((await store.get(MEETING, budget()))?.stream).toEqual({ state: 'stopped', since: '2026-11-26T09:00:00.001Z' });
    });

    it('refuses an older state that arrives after a newer one', async () => {
      await store.setStream(MEETING, { state: 'stopped', since: '2026-11-26T09:30:00.000Z' }, budget());

      expect(await store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:29:59.999Z' }, budget())).toBe(false);
      expect((await store.get(MEETING, budget()))?.stream).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
    });

    it('leaves the registration alone', async () => {
      await store.putAutoStart(MEETING, autoStart({ layout: 'speaker_view' }), budget());

      await store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:00:00.000Z' }, budget());

      expect((await store.get(MEETING, budget()))?.autoStart).toEqual(autoStart({ layout: 'speaker_view' }));
    });

    it('with knownOnly, sets the state of a known target', async () => {
      await store.putAutoStart(MEETING, autoStart(), budget());

      expect(await store.setStream(MEETING, { state: 'stopped', since: '2026-11-26T10:00:00.000Z' }, budget(), true)).toBe(true);
      expect((await store.get(MEETING, budget()))?.stream).toEqual({ state: 'stopped', since: '2026-11-26T10:00:00.000Z' });
    });

    it('with knownOnly, writes nothing for a target never written', async () => {
      expect(await store.setStream(MEETING, { state: 'stopped', since: '2026-11-26T10:00:00.000Z' }, budget(), true)).toBe(false);
      expect(await store.get(MEETING, budget())).toBeUndefined();
    });
  });


  describe('webhook deliveries', () => {
    const EXPIRES = Math.floor(NOW / 1000) + 48 * 3600;

    it('are new the first time', async () => {
      expect(await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget())).toBe(true);
    });

    it('are seen before the second time, while not expired', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());

      expect(await store.rememberDelivery('delivery-1', EXPIRES + 60, NOW + 24 * 3600_000, budget())).toBe(false);
    });

    it('are new again once expired, although nothing has deleted them yet', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());

      expect(await store.rememberDelivery('delivery-1', EXPIRES + 3600, EXPIRES * 1000 + 3600_000, budget())).toBe(true);
    });

    it('are new again half a second after their expiry second', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());

      expect(await store.rememberDelivery('delivery-1', EXPIRES + 3600, EXPIRES * 1000 + 500, budget())).toBe(true);
    });

    it('are remembered anew after expiring, for the new period', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());
      await store.rememberDelivery('delivery-1', EXPIRES + 3600, EXPIRES * 1000 + 1000, budget());

      expect(await store.rememberDelivery('delivery-1', EXPIRES + 7200, EXPIRES * 1000 + 2000, budget())).toBe(false);
    });

    it('are new again once forgotten', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());

      await store.forgetDelivery('delivery-1', budget());

      expect(await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget())).toBe(true);
    });

    it('may be forgotten without having been remembered', async () => {
      await expect(store.forgetDelivery('never-seen', budget())).resolves.toBeUndefined();
    });

    it('are kept apart from one another', async () => {
      await store.rememberDelivery('delivery-1', EXPIRES, NOW, budget());

      expect(await store.rememberDelivery('delivery-2', EXPIRES, NOW, budget())).toBe(true);
    });
  });
});

describe('DynamoDbMeetingStore and its table', () => {
  it('writes deliveries with the TTL attribute the table expires them by', async () => {
    const table = await createMeetingsTable();
    const ttl = await client().send(new DescribeTimeToLiveCommand({ TableName: table }));
    const store = new DynamoDbMeetingStore(client(), table);

    await store.rememberDelivery('delivery-ttl', 1_795_770_000, NOW, budget());

    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    const item = await client().send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'delivery#delivery-ttl' } } }));
    expect(item.Item?.expiresAt).toEqual({ N: '1795770000' });
  });

  it('answers a missing table with CONFIGURATION_ERROR naming MEETINGS_TABLE', async () => {
    const store = new DynamoDbMeetingStore(client(), 'no-such-table');

    const failure = store.get(MEETING, budget());

    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.toThrow(/no-such-table.*check MEETINGS_TABLE/);
  });
});

describe('DynamoDbMeetingStore against an endpoint that accepts connections and never answers', () => {
  let server: Server;
  let silent: DynamoDBClient;
  let connections = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    silent = new DynamoDBClient({ ...AWS_CLIENT_OPTIONS, endpoint: `http://127.0.0.1:${port}`, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  });
  afterAll(async () => {
    silent.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives up a read when the budget runs out, as AWS unavailable', async () => {
    const store = new DynamoDbMeetingStore(silent, 'meetings');

    const failure = store.get(MEETING, new TimeBudget(systemClock, 1200));

    await expect(failure).rejects.toBeInstanceOf(AwsUnavailableError);
    await expect(failure).rejects.toThrow('reading table "meetings" got no answer within 1200 ms');
  });

  it('gives up a conditional write when the budget runs out, as AWS unavailable', async () => {
    const store = new DynamoDbMeetingStore(silent, 'meetings');

    const failure = store.rememberDelivery('delivery-1', 1_795_770_000, NOW, new TimeBudget(systemClock, 1200));

    await expect(failure).rejects.toBeInstanceOf(AwsUnavailableError);
    await expect(failure).rejects.toThrow('writing table "meetings" got no answer within 1200 ms');
  });

  it('sends nothing when the budget has already run out', async () => {
    const store = new DynamoDbMeetingStore(silent, 'meetings');
    const connectionsBefore = connections;

    const failure = store.setStream(MEETING, { state: 'live', since: '2026-11-26T09:00:00.000Z' }, new TimeBudget(systemClock, 0));

    await expect(failure).rejects.toThrow('writing table "meetings": the time budget ran out before AWS answered');
    expect(connections).toBe(connectionsBefore);
  });
});
