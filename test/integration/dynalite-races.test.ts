import { systemClock } from '../../functions/lib/core/clock';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbMeetingStore } from '../../functions/lib/aws/dynamodb-meeting-store';
import { DynamoDbTokenStore } from '../../functions/lib/aws/dynamodb-token-store';
import { InProcessFailureQueue, InProcessStartQueue } from '../../local/in-process-queue';
import type { LiveStreamTarget } from '../../functions/lib/core/target';
import { createLiveStreamHandler } from '../../functions/lib/handlers/live-stream-handler';
import { createStartWorkerHandler } from '../../functions/lib/handlers/start-worker-handler';
import { lazy, liveStreamDeps, startWorkerDeps } from '../../functions/lib/handlers/composition-root';
import { fingerprintOf } from '../../functions/lib/zoom/fleet-token';
import { context, drainWithWorker, loadEvent, startBackends, type Backends } from '../helpers/backends';
import { storeBudget } from '../helpers/meeting-stores';
import { createMeetingsTable, dynamoDbClient, startDynalite, type DynaliteServer } from '../support/dynalite';

/**
 * The races the system settles with DynamoDB conditional writes, run on dynalite (DynamoDB on
 * LevelDB, whose conditions are atomic with their writes, as DynamoDB's are; moto's are not under
 * concurrency) through the real SDK and the same store code as in AWS: many writers at once, round
 * after round, and exactly one of them wins each round.
 */
const ROUNDS = 40;
const WRITERS = 20;
/** Writers are spread over several clients, as over the containers of a fleet. */
const CLIENTS = 4;

let dynalite: DynaliteServer;
let clients: DynamoDBClient[];
let table: string;
let tables = 0;
let id = 83_000_000_000;

beforeAll(async () => {
  dynalite = await startDynalite();
  clients = Array.from({ length: CLIENTS }, () => dynamoDbClient(dynalite.endpoint));
});
afterAll(async () => {
  for (const client of clients ?? []) client.destroy();
  await dynalite?.stop();
});
beforeEach(async () => {
  table = await createMeetingsTable(clients[0] as DynamoDBClient, `races-${++tables}`);
});

const clientFor = (writer: number): DynamoDBClient => clients[writer % CLIENTS] as DynamoDBClient;
const meetingStores = () => Array.from({ length: WRITERS }, (_, writer) => new DynamoDbMeetingStore(clientFor(writer), table));
const nextTarget = (): LiveStreamTarget => ({ kind: 'meeting', id: String((id += 1)) });

/** `race` run ROUNDS times with WRITERS writers at once; the number of winners of each round. */
async function winnersPerRound(race: (round: number) => Promise<boolean[]>): Promise<number[]> {
  const winners: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) winners.push((await race(round)).filter(Boolean).length);
  return winners;
}

const once = Array.from({ length: ROUNDS }, () => 1);

describe('start claims', () => {
  it('have exactly one winner among 20 jobs claiming a target at once, in each of 40 rounds; the losers see its claim', async () => {
    const stores = meetingStores();
    const losersSeeWinner: boolean[] = [];

    const winners = await winnersPerRound(async (round) => {
      const target = nextTarget();
      const now = Date.now();
      const results = await Promise.all(
        stores.map((store, writer) =>
          store.claimStart(target, { jobId: `job-${round}-${writer}`, origin: 'webhook', now, notBefore: now - 60_000, leaseMs: 30_000 }, storeBudget()),
        ),
      );
      const winner = results.findIndex((result) => result.won);
      losersSeeWinner.push(results.every((result, writer) => writer === winner || (!result.won && result.claim.jobId === `job-${round}-${winner}`)));
      return results.map((result) => result.won);
    });

    expect(winners).toEqual(once);
    expect(losersSeeWinner.every(Boolean)).toBe(true);
  });

  it('have exactly one winner among 20 jobs taking over an expired pending claim at once, in each of 40 rounds', async () => {
    const stores = meetingStores();

    const winners = await winnersPerRound(async (round) => {
      const target = nextTarget();
      const now = Date.now();
      const [first] = stores;
      await first?.claimStart(target, { jobId: `crashed-${round}`, origin: 'schedule', now: now - 10_000, notBefore: now - 60_000, leaseMs: 1000 }, storeBudget());
      const results = await Promise.all(
        stores.map((store, writer) =>
          store.claimStart(target, { jobId: `retry-${round}-${writer}`, origin: 'schedule', now, notBefore: now - 60_000, leaseMs: 30_000 }, storeBudget()),
        ),
      );
      return results.map((result) => result.won);
    });

    expect(winners).toEqual(once);
  });
});

describe('webhook delivery deduplication (rememberDelivery)', () => {
  it('lets exactly one of 20 simultaneous deliveries of one event through, in each of 40 rounds', async () => {
    const stores = meetingStores();

    const winners = await winnersPerRound(async (round) => {
      const now = Date.now();
      return Promise.all(stores.map((store) => store.rememberDelivery(`race-${tables}-${round}`, Math.floor(now / 1000) + 3600, now, storeBudget())));
    });

    expect(winners).toEqual(once);
  });

  it('lets exactly one of 20 simultaneous redeliveries through once the remembered one has expired (TTL not yet run)', async () => {
    const stores = meetingStores();

    const winners = await winnersPerRound(async (round) => {
      const now = Date.now();
      const deliveryId = `expired-${tables}-${round}`;
      await clientFor(0).send(new PutItemCommand({ TableName: table, Item: { pk: { S: `delivery#${deliveryId}` }, expiresAt: { N: String(Math.floor(now / 1000) - 1) } } }));
      return Promise.all(stores.map((store) => store.rememberDelivery(deliveryId, Math.floor(now / 1000) + 3600, now, storeBudget())));
    });

    expect(winners).toEqual(once);
  });
});

describe("the fleet token's lease (DynamoDbTokenStore)", () => {
  const tokenStores = () => Array.from({ length: WRITERS }, (_, writer) => new DynamoDbTokenStore(clientFor(writer), table));

  it('goes to exactly one of 20 cold containers asking at once, in each of 40 rounds', async () => {
    const stores = tokenStores();

    const winners = await winnersPerRound(async (round) => {
      const now = Date.now();
      return Promise.all(stores.map((store, writer) => store.lease(`token#cold-${round}`, { owner: `container-${writer}`, now, leaseMs: 3000 }, 3000)));
    });

    expect(winners).toEqual(once);
  });

  it('goes to exactly one of 20 containers replacing the same refused token at once, in each of 40 rounds', async () => {
    const stores = tokenStores();

    const winners = await winnersPerRound(async (round) => {
      const key = `token#refused-${round}`;
      const refused = { ciphertext: 'c2VhbGVk', fingerprint: fingerprintOf(`refused-${round}`), expiresAt: Date.now() + 3_600_000 };
      await stores[0]?.publish(key, refused, 3000);
      const now = Date.now();
      return Promise.all(stores.map((store, writer) => store.lease(key, { owner: `container-${writer}`, now, leaseMs: 3000, replacing: refused.fingerprint }, 3000)));
    });

    expect(winners).toEqual(once);
  });

  it('goes to exactly one of 20 containers once the holder of an expired lease has gone, in each of 40 rounds', async () => {
    const stores = tokenStores();

    const winners = await winnersPerRound(async (round) => {
      const key = `token#abandoned-${round}`;
      const now = Date.now();
      await stores[0]?.lease(key, { owner: 'crashed', now: now - 10_000, leaseMs: 3000 }, 3000);
      return Promise.all(stores.map((store, writer) => store.lease(key, { owner: `container-${writer}`, now, leaseMs: 3000 }, 3000)));
    });

    expect(winners).toEqual(once);
  });
});

describe('stream state (setStream: the later event wins)', () => {
  it('ends with the latest of 20 events written at once in any order, in each of 40 rounds', async () => {
    const stores = meetingStores();
    const wrong: string[] = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      const target = nextTarget();
      const base = Date.parse('2026-12-02T09:00:00Z') + round * 60_000;
      const times = stores.map((_, writer) => new Date(base + writer * 1000).toISOString());
      // Shuffled, so that the latest event is not always the last one sent.
      const order = times.map((time, i) => ({ time, key: (i * 7919 + round * 31) % WRITERS })).sort((a, b) => a.key - b.key);
      await Promise.all(order.map(({ time }, writer) => stores[writer]?.setStream(target, { state: writer % 2 ? 'live' : 'stopped', since: time }, storeBudget())));
      const stored = await clientFor(0).send(new GetItemCommand({ TableName: table, Key: { pk: { S: `meeting#${target.id}` } }, ConsistentRead: true }));
      const latest = times[times.length - 1] as string;
      if (stored.Item?.streamSince?.S !== latest) wrong.push(`${round}: ${stored.Item?.streamSince?.S} instead of ${latest}`);
    }

    expect(wrong).toEqual([]);
  });
});

describe('whole containers on one table on dynalite', () => {
  let backends: Backends;
  let meeting = 83_500_000_000;

  beforeAll(async () => {
    backends = await startBackends();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
  });
  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    await backends?.close();
  });
  beforeEach(() => backends.zoom.reset());

  /** A container of its own, wired as the start function is: the table's store and shared token. */
  function container() {
    return { start: createLiveStreamHandler('start', lazy(() => liveStreamDeps({ ...backends.env, MEETINGS_TABLE: table }))) };
  }

  it('exchange one Zoom token when 10 cold containers start streams at once', async () => {
    const fleet = Array.from({ length: 10 }, () => container());

    const statuses = await Promise.all(
      fleet.map(async (member) => {
        const meetingId = String((meeting += 1));
        backends.zoom.addMeeting(meetingId);
        const event = loadEvent('start-apigateway-rest.json');
        event.path = `/meetings/${meetingId}/livestream/start`;
        event.pathParameters = { meetingId };
        return ((await member.start(event, context())) as { statusCode: number }).statusCode;
      }),
    );

    expect(statuses).toEqual(fleet.map(() => 200));
    expect(backends.zoom.tokenExchanges).toBe(1);
  });

  it('start a meeting once when 10 worker containers receive the same queued start at once (a duplicate SQS delivery)', async () => {
    const meetingId = String((meeting += 1));
    backends.zoom.addMeeting(meetingId);
    // Each container with the table's store and a queue of its own for the jobs it hands back.
    const workers = Array.from({ length: 10 }, () => {
      const env = { ...backends.env, MEETINGS_TABLE: table };
      const queues = { startQueue: new InProcessStartQueue({ clock: systemClock }), failureQueue: new InProcessFailureQueue() };
      drainWithWorker(env, queues.startQueue, () => queues);
      return { queues, handler: createStartWorkerHandler(lazy(() => startWorkerDeps(env, queues))) };
    });
    // What a configured schedule sends, delivered to every container at once with one message id.
    const record = {
      messageId: `duplicate-${meetingId}`,
      receiptHandle: 'r',
      body: JSON.stringify({ ...loadEvent<Record<string, unknown>>('start-scheduler.json'), meetingId }),
      attributes: { SentTimestamp: String(Date.now()), ApproximateReceiveCount: '1' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:start',
      awsRegion: 'us-east-1',
    };

    const results = await Promise.all(workers.map((worker) => worker.handler({ Records: [record] }, context())));
    // The containers that met the winner's pending claim look again later: let them.
    await Promise.all(workers.map((worker) => worker.queues.startQueue.drain()));

    const patches = backends.zoom.apiRequests.filter((request) => request.method === 'PATCH' && request.path.includes(meetingId));
    expect(patches).toHaveLength(1);
    expect(results).toEqual(workers.map(() => ({ batchItemFailures: [] })));
    expect(workers.flatMap((worker) => worker.queues.failureQueue.messages)).toEqual([]);
    expect(backends.zoom.meetingState(meetingId)?.status).toBe('started');
  }, 60_000);
});
