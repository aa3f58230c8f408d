import { context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { budget, createWebhookSecret, eventBody, json, liveStreamingObject, registration, restWebhookEvent, startedObject, webhookSystem } from '../helpers/zoom-webhook';

/**
 * Zoom's live streaming and end events set what the system knows of a stream: `live` or `stopped`
 * since the event's time, never moved back by an older event that arrives late. Zoom names the
 * meeting by a JSON number in these events; the state is stored under the same digit string.
 */
const SECRET_TOKEN = 'wh-secret-state-Vb7nR2xQ5e';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-state';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;
const T1 = '2026-11-26T09:00:00Z';
const T2 = '2026-11-26T09:30:00Z';

let backends: Backends;
let system: ReturnType<typeof webhookSystem>;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
});
afterAll(() => backends.close());
beforeEach(() => {
  backends.zoom.reset();
  system = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET });
});

const deliver = (event: string, object: Record<string, unknown>) => system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody(event, object)), context());
const streamOf = async (id = MEETING_ID) => (await system.services.store.get({ kind: 'meeting', id }, budget()))?.stream;

it('sets live from meeting.live_streaming_started with a numeric id', async () => {
  const response = await deliver('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1));

  expect(json(response)).toEqual({ event: 'meeting.live_streaming_started', result: 'stream live' });
  expect(await streamOf()).toEqual({ state: 'live', since: '2026-11-26T09:00:00.000Z' });
});

it('sets stopped from a later meeting.live_streaming_stopped', async () => {
  await deliver('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1));

  const response = await deliver('meeting.live_streaming_stopped', liveStreamingObject(MEETING_ID, T2));

  expect(json(response)).toEqual({ event: 'meeting.live_streaming_stopped', result: 'stream stopped' });
  expect(await streamOf()).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
});

it('keeps the newer state when an older live_streaming_started arrives after a stop', async () => {
  await deliver('meeting.live_streaming_stopped', liveStreamingObject(MEETING_ID, T2));

  const response = await deliver('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1));

  expect(json(response)).toEqual({ event: 'meeting.live_streaming_started', result: 'older than the known state' });
  expect(await streamOf()).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
});

it('sets stopped from meeting.ended of a meeting the store knows', async () => {
  await deliver('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1));

  const response = await deliver('meeting.ended', { ...startedObject(MEETING_ID), start_time: T1, end_time: T2 });

  expect(json(response)).toEqual({ event: 'meeting.ended', result: 'stream stopped' });
  expect(await streamOf()).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
});

it('sets stopped from meeting.ended of a registered meeting that never streamed', async () => {
  await system.services.store.putAutoStart(MEETING, registration(), budget());

  await deliver('meeting.ended', { ...startedObject(MEETING_ID), end_time: T2 });

  expect(await streamOf()).toEqual({ state: 'stopped', since: '2026-11-26T09:30:00.000Z' });
});

it('stores nothing for meeting.ended of a meeting the store never heard of', async () => {
  const response = await deliver('meeting.ended', { ...startedObject('81111111111'), end_time: T2 });

  expect(json(response)).toEqual({ event: 'meeting.ended', result: 'not known here' });
  expect(await system.services.store.get({ kind: 'meeting', id: '81111111111' }, budget())).toBeUndefined();
});

it('calls Zoom for none of the stream state events', async () => {
  await deliver('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1));
  await deliver('meeting.live_streaming_stopped', liveStreamingObject(MEETING_ID, T2));
  await deliver('meeting.ended', { ...startedObject(MEETING_ID), end_time: T2 });
  await system.services.startQueue.drain();

  expect(backends.zoom.requests).toEqual([]);
  expect(system.services.startQueue.sent).toBe(0);
});

it('stores a 16-digit numeric id under the same digits', async () => {
  const id = '1234567890123456';

  await deliver('meeting.live_streaming_started', liveStreamingObject(id, T1));

  expect(await streamOf(id)).toEqual({ state: 'live', since: '2026-11-26T09:00:00.000Z' });
});

it('ignores a numeric id beyond 2^53, whose digits JSON has already lost', async () => {
  const body = eventBody('meeting.live_streaming_started', liveStreamingObject(MEETING_ID, T1)).replace(String(Number(MEETING_ID)), '9007199254740993');

  const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, body), context());

  expect(json(response)).toEqual({ event: 'meeting.live_streaming_started', result: 'ignored' });
  expect(await streamOf('9007199254740992')).toBeUndefined();
});
