import { logger } from '../../functions/lib/core/logger';
import { captureOutput } from '../helpers/backends';
import { FakeClock } from '../helpers/fake-clock';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, until, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * Keep-alive: a stream of a meeting registered with `keepAlive: true` that drops while the meeting
 * runs is started again through the start queue after Zoom's 30-second rule, at most 3 times per
 * instance; a stop through the API and the meeting's end are left alone. The simulator sends its
 * own signed events over HTTP to the webhook route; the fake clock runs the queue's delays at once.
 */
const MEETING = '84466688800';
const STREAM_KEY = 'yt-secret-stream-key-8Qz4';
const SETTINGS = { layout: 'speaker_view', display_name: 'Kept alive' };
let system: MeetingTimesSystem;
let clock: FakeClock;

beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2026, 10, 26, 9, 0));
  system = await startMeetingTimesSystem({ clock });
  system.zoom.addMeeting(MEETING, {
    status: 'waiting',
    stream: { stream_url: 'rtmp://a.rtmp.youtube.com/live2', stream_key: STREAM_KEY, page_url: 'https://youtube.com/live/x' },
  });
});
afterEach(() => system.close());

async function registerAndGoLive(body: Record<string, unknown> = { settings: SETTINGS, keepAlive: true }) {
  const registered = await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, body);
  system.zoom.startMeeting(MEETING);
  await system.settle();
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1 });
  clock.advance(5 * 60_000);
  return registered;
}

/** The stream drops by itself; resolves when the webhook, the queue's delay and the restart are done. */
async function drop(): Promise<void> {
  system.zoom.dropStream(MEETING);
  await system.settle();
}

const webhookResults = () =>
  system.zoom.deliveries.filter((d) => d.event === 'meeting.live_streaming_stopped').map((d) => JSON.parse(d.responseBody ?? '{}').result as string);
const callsSince = (seq: number) => system.zoom.apiRequests.filter((r) => r.seq > seq).map((r) => `${r.method} ${r.path} ${r.status}`);
const lastSeq = () => system.zoom.requests.at(-1)?.seq ?? 0;

it('is registered with keepAlive: true and shown so', async () => {
  const registered = await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { settings: SETTINGS, keepAlive: true });
  const described = await system.api('GET', `/meetings/${MEETING}/livestream`);

  expect(registered).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: { settings: SETTINGS, keepAlive: true } } });
  expect(described.body.autoStart).toEqual({ settings: SETTINGS, keepAlive: true });
});

it('refuses a keepAlive that is not a boolean', async () => {
  const answer = await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { keepAlive: 'yes' });

  expect(answer.status).toBe(400);
  expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'keepAlive: must be true or false' });
});

it('restarts a dropped stream after 30 s with one status read and one start', async () => {
  await registerAndGoLive();
  const before = lastSeq();
  const droppedAt = clock.now();

  await drop();

  const restart = system.zoom.apiRequests.filter((r) => r.seq > before && r.method === 'PATCH');
  expect(callsSince(before)).toEqual([`GET /v2/meetings/${MEETING} 200`, `PATCH /v2/meetings/${MEETING}/livestream/status 204`]);
  expect(restart[0]?.parsed).toEqual({ action: 'start', settings: SETTINGS });
  expect((restart[0]?.at ?? 0) - droppedAt).toBeGreaterThanOrEqual(30_000);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 2 });
  expect(webhookResults()).toEqual(['stream dropped; restart 1 of 3 queued in 30 s']);
  const record = await system.store.get({ kind: 'meeting', id: MEETING });
  expect(record?.startClaim).toMatchObject({ origin: 'keep-alive', state: 'done' });
  expect(record?.keepAlive).toMatchObject({ restarts: 1 });
});

it('stops restarting an instance after 3 restarts', async () => {
  await registerAndGoLive();

  for (let i = 0; i < 4; i += 1) {
    await drop();
    clock.advance(60_000);
  }

  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: false, starts: 4 });
  expect(webhookResults()).toEqual([
    'stream dropped; restart 1 of 3 queued in 30 s',
    'stream dropped; restart 2 of 3 queued in 30 s',
    'stream dropped; restart 3 of 3 queued in 30 s',
    'stream stopped; not restarted (3 restarts of this instance used)',
  ]);
});

it('counts restarts per instance: a restarted meeting has 3 of its own', async () => {
  await registerAndGoLive();
  for (let i = 0; i < 3; i += 1) {
    await drop();
    clock.advance(60_000);
  }
  system.zoom.endMeeting(MEETING);
  clock.advance(60_000);
  system.zoom.startMeeting(MEETING);
  await system.settle();
  clock.advance(60_000);

  await drop();

  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 6 });
  expect(webhookResults().at(-1)).toBe('stream dropped; restart 1 of 3 queued in 30 s');
});

it('never restarts a stream stopped through the API', async () => {
  await registerAndGoLive();
  const before = lastSeq();

  const stopped = await system.api('POST', `/meetings/${MEETING}/livestream/stop`);
  await system.settle();
  clock.advance(60_000);
  await system.settle();

  expect(stopped.status).toBe(200);
  expect(callsSince(before)).toEqual([`PATCH /v2/meetings/${MEETING}/livestream/status 204`]);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: false, starts: 1, stops: 1 });
  expect(webhookResults()).toEqual(['stream stopped through this system; not restarted']);
});

it("never restarts after the meeting's end", async () => {
  await registerAndGoLive();
  const live = system.zoom.deliveries.find((d) => d.event === 'meeting.live_streaming_started');
  const payload = JSON.parse(live?.body ?? '{}').payload;
  const before = lastSeq();

  // Zoom ends the stream with the meeting: its stop comes with (or after) meeting.ended.
  system.zoom.endMeeting(MEETING);
  await system.zoom.whenDelivered();
  await system.zoom.emitEvent('meeting.live_streaming_stopped', {
    ...payload,
    object: { ...payload.object, live_streaming: { ...payload.object.live_streaming, date_time: new Date(clock.now()).toISOString() } },
  });
  await system.settle();

  expect(callsSince(before)).toEqual([`GET /v2/meetings/${MEETING} 200`]);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: false, starts: 1 });
});

it('leaves a drop alone without keepAlive', async () => {
  await registerAndGoLive({ settings: SETTINGS });
  const before = lastSeq();

  await drop();

  expect(callsSince(before)).toEqual([]);
  expect(webhookResults()).toEqual(['stream stopped']);
});

it('counts a redelivered drop once', async () => {
  await registerAndGoLive();
  system.zoom.dropStream(MEETING);
  await system.zoom.whenDelivered();
  const dropped = system.zoom.deliveries.find((d) => d.event === 'meeting.live_streaming_stopped');

  const again = await system.zoom.emitEvent('meeting.live_streaming_stopped', JSON.parse(dropped?.body ?? '{}').payload);
  await system.settle();

  expect(again.status).toBe(200);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 2 });
});

it("never logs or stores the stream key of Zoom's event", async () => {
  await registerAndGoLive();
  logger.setLogLevel('DEBUG');
  const output = captureOutput();
  try {
    await drop();
  } finally {
    output.restore();
    logger.setLogLevel('SILENT');
  }
  const stoppedEvent = system.zoom.deliveries.find((d) => d.event === 'meeting.live_streaming_stopped');
  const record = await system.store.get({ kind: 'meeting', id: MEETING });

  expect(stoppedEvent?.body).toContain(STREAM_KEY);
  expect(output.lines.length).toBeGreaterThan(0);
  expect(output.lines.join('\n')).not.toContain(STREAM_KEY);
  expect(JSON.stringify(record)).not.toContain(STREAM_KEY);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 2 });
});

describe('a stop through the API while a restart waits out its 30 s', () => {
  let manual: ManualClock;
  let waiting: MeetingTimesSystem;
  beforeEach(async () => {
    manual = new ManualClock(Date.UTC(2026, 10, 26, 9, 0));
    waiting = await startMeetingTimesSystem({ clock: manual });
    waiting.zoom.addMeeting(MEETING, { status: 'waiting' });
  });
  afterEach(() => waiting.close());

  it('ends it: the restart, when due, reads nothing and starts nothing', async () => {
    await waiting.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { settings: SETTINGS, keepAlive: true });
    waiting.zoom.startMeeting(MEETING);
    await waiting.settle();
    await manual.advance(5 * 60_000);
    waiting.zoom.dropStream(MEETING);
    await until(() => waiting.startQueue.sent === 2, 'the restart queued');

    const stopped = await waiting.api('POST', `/meetings/${MEETING}/livestream/stop`);
    await manual.advance(31_000);
    await waiting.startQueue.drain();

    expect(stopped.body).toEqual({ meetingId: MEETING, action: 'stop', status: 'ok' });
    expect(waiting.zoom.meetingState(MEETING)).toMatchObject({ live: false, starts: 1 });
    expect(waiting.zoom.apiRequests.filter((r) => r.method === 'GET' && r.path === `/v2/meetings/${MEETING}`)).toEqual([]);
    await expect(waiting.store.get({ kind: 'meeting', id: MEETING })).resolves.toMatchObject({ startClaim: { origin: 'webhook' } });
  });
});
