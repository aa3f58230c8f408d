import { createHmac } from 'node:crypto';
import { SIMULATOR_CREDENTIALS, SIMULATOR_HOST_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';
import { control, getMeeting, patchStatus, patchWebinarStatus } from './http';
import { type ReceivedEvent, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const SECRET = 'webhook-secret-token';
const MEETING = '85746065432';
const WEBINAR = '91234567890';
const T0 = Date.UTC(2024, 4, 1, 9, 30, 0, 250);

/** Checks the signature the way the project's webhook route must: over the exact bytes received. */
function verify(event: ReceivedEvent): boolean {
  const timestamp = String(event.headers['x-zm-request-timestamp']);
  const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:`).update(event.raw).digest('hex')}`;
  return event.headers['x-zm-signature'] === expected;
}

function json(event: ReceivedEvent | undefined): { event: string; event_ts: number; payload: Record<string, any> } {
  return JSON.parse(event?.raw.toString('utf8') ?? 'null');
}

describe('Zoom simulator: signed webhook events', () => {
  let sim: ZoomSimulator;
  let receiver: WebhookReceiver;
  let clock: number;
  let token: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    clock = T0;
    sim = await startZoomSimulator({ now: () => clock, webhooks: { url: receiver.url, secretToken: SECRET } });
    token = sim.issueStaticToken({ ttlSeconds: 365 * 24 * 3600 });
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(() => {
    clock = T0;
    sim.reset();
    receiver.reset();
    sim.configureWebhooks({ url: receiver.url, secretToken: SECRET });
    sim.addMeeting(MEETING, { status: 'waiting', topic: 'All hands', timezone: 'Europe/Berlin', duration: 30 });
  });

  it('sends meeting.started, signed over the exact body with the simulator clock, id a string', async () => {
    clock += 5_000;
    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    const [received] = receiver.received;
    expect(receiver.received).toHaveLength(1);
    expect(received && verify(received)).toBe(true);
    expect(received?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-zm-request-timestamp': String(Math.floor((T0 + 5_000) / 1000)),
      'x-zm-trackingid': expect.any(String),
    });
    expect(json(received)).toEqual({
      event: 'meeting.started',
      event_ts: T0 + 5_000,
      payload: {
        account_id: SIMULATOR_CREDENTIALS.accountId,
        object: {
          id: MEETING,
          uuid: expect.any(String),
          host_id: SIMULATOR_HOST_ID,
          topic: 'All hands',
          type: 2,
          start_time: '2024-05-01T09:30:05Z',
          timezone: 'Europe/Berlin',
          duration: 30,
        },
      },
    });
    expect(sim.deliveries).toEqual([expect.objectContaining({ event: 'meeting.started', attempt: 1, status: 200, body: received?.raw.toString('utf8') })]);
  });

  it('fails a check with the wrong secret (the signature really depends on it)', async () => {
    sim.configureWebhooks({ url: receiver.url, secretToken: 'another secret' });
    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    expect(verify(receiver.received[0] as ReceivedEvent)).toBe(false);
  });

  it('sends meeting.ended with end_time, only for a meeting that was running', async () => {
    sim.startMeeting(MEETING);
    clock += 60_000;
    sim.endMeeting(MEETING);
    sim.endMeeting(MEETING);
    await sim.whenDelivered();

    expect(receiver.received.map((e) => json(e).event)).toEqual(['meeting.started', 'meeting.ended']);
    expect(json(receiver.received[1]).payload.object).toMatchObject({ id: MEETING, start_time: '2024-05-01T09:30:00Z', end_time: '2024-05-01T09:31:00Z' });
  });

  it('sends live_streaming_started and _stopped after accepted PATCHes, id a number, stream settings included', async () => {
    const stream = { stream_url: 'rtmp://x/app', stream_key: 'secret-key', page_url: 'https://x/page', resolution: '1080p' as const };
    sim.addMeeting(MEETING, { stream, topic: 'All hands' });

    await patchStatus(sim, MEETING, { action: 'start' }, token);
    await patchStatus(sim, MEETING, { action: 'stop' }, token);
    await patchStatus(sim, '99999999999', { action: 'stop' }, token);
    await sim.whenDelivered();

    const events = receiver.received.map(json);
    expect(events.map((e) => e.event)).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped']);
    expect(events[0]?.payload).toEqual({
      account_id: SIMULATOR_CREDENTIALS.accountId,
      operator: expect.stringContaining('@'),
      operator_id: SIMULATOR_HOST_ID,
      object: {
        id: Number(MEETING),
        uuid: expect.any(String),
        host_id: SIMULATOR_HOST_ID,
        topic: 'All hands',
        type: 2,
        start_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        timezone: 'UTC',
        duration: 60,
        live_streaming: {
          service: 'Custom_Live_Streaming_Service',
          custom_live_streaming_settings: stream,
          date_time: '2024-05-01T09:30:00Z',
        },
      },
    });
    expect(receiver.received.every(verify)).toBe(true);
  });

  it('answers the API without waiting for the receiver', async () => {
    sim.startMeeting(MEETING);
    await sim.whenDelivered();
    receiver.hold(1_500);

    const started = Date.now();
    const response = await patchStatus(sim, MEETING, { action: 'start' }, token);
    const answeredIn = Date.now() - started;
    await sim.whenDelivered();

    expect(response.status).toBe(204);
    expect(answeredIn).toBeLessThan(1_000);
    expect(sim.deliveries.at(-1)).toMatchObject({ event: 'meeting.live_streaming_started', status: 200 });
  });

  it('redelivers once after a 500, with a new timestamp and signature and the same body', async () => {
    receiver.answer(500);

    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    const [first, second] = receiver.received;
    expect(receiver.received).toHaveLength(2);
    expect(second?.raw.equals(first?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(second?.headers['x-zm-request-timestamp']).not.toBe(first?.headers['x-zm-request-timestamp']);
    expect(second?.headers['x-zm-signature']).not.toBe(first?.headers['x-zm-signature']);
    expect([first, second].every((e) => e && verify(e))).toBe(true);
    expect(sim.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it('redelivers only once when the receiver keeps failing', async () => {
    receiver.answer(503, 503);

    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    expect(receiver.received).toHaveLength(2);
    expect(sim.deliveries.map((d) => d.status)).toEqual([503, 503]);
  });

  it('records a failed delivery with its error and retries it once', async () => {
    sim.configureWebhooks({ url: 'http://127.0.0.1:1/unreachable', secretToken: SECRET });

    const result = await sim.emitEvent('meeting.started', { account_id: 'x', object: {} });

    expect(result).toEqual({ status: 0, body: '' });
    expect(sim.deliveries).toHaveLength(2);
    expect(sim.deliveries.every((d) => d.status === undefined && typeof d.error === 'string')).toBe(true);
  });

  it('sends meeting.updated with the changed fields, the old values and time_stamp', async () => {
    sim.updateMeeting(MEETING, { topic: 'Board', start_time: '2024-06-01T10:00:00+02:00' });
    await sim.whenDelivered();

    const { event, payload } = json(receiver.received[0]);
    expect(event).toBe('meeting.updated');
    expect(payload.object).toEqual({ id: Number(MEETING), topic: 'Board', start_time: '2024-06-01T08:00:00Z' });
    expect(payload.old_object).toEqual({ id: Number(MEETING), topic: 'All hands', start_time: '2024-05-01T09:30:00Z' });
    expect(payload.time_stamp).toBe(T0);
  });

  it('refuses an invalid update without changing anything or sending an event', async () => {
    expect(() => sim.updateMeeting(MEETING, { topic: 'Changed', start_time: 'not a time' })).toThrow();
    await sim.whenDelivered();

    expect(receiver.received).toHaveLength(0);
    expect(sim.deliveries).toHaveLength(0);
    expect((await getMeeting(sim, MEETING, token)).data).toMatchObject({ topic: 'All hands', start_time: '2024-05-01T09:30:00Z' });
  });

  it('sends meeting.deleted with the meeting object', async () => {
    sim.deleteMeeting(MEETING);
    await sim.whenDelivered();

    const { event, payload } = json(receiver.received[0]);
    expect(event).toBe('meeting.deleted');
    expect(payload.object).toEqual({
      id: Number(MEETING),
      uuid: expect.any(String),
      host_id: SIMULATOR_HOST_ID,
      topic: 'All hands',
      type: 2,
      start_time: '2024-05-01T09:30:00Z',
      duration: 30,
      timezone: 'Europe/Berlin',
    });
  });

  it('sends webinar.started and webinar.ended for a webinar, no live streaming events', async () => {
    sim.addWebinar(WEBINAR, { status: 'waiting' });

    sim.startMeeting(WEBINAR);
    await patchWebinarStatus(sim, WEBINAR, { action: 'start' }, token);
    sim.endMeeting(WEBINAR);
    await sim.whenDelivered();

    const events = receiver.received.map(json);
    expect(events.map((e) => e.event)).toEqual(['webinar.started', 'webinar.ended']);
    expect(events[0]?.payload.object.id).toBe(WEBINAR);
  });

  it('sends any event with emitEvent and resolves with the receiver answer', async () => {
    const result = await sim.emitEvent('endpoint.url_validation', { plainToken: 'abc' });

    expect(result).toEqual({ status: 200, body: '{"ok":true}' });
    expect(json(receiver.received[0])).toEqual({ event: 'endpoint.url_validation', event_ts: T0, payload: { plainToken: 'abc' } });
    expect(verify(receiver.received[0] as ReceivedEvent)).toBe(true);
  });

  it('sends events from the control API too', async () => {
    await control(sim, 'POST', `${MEETING}/start`);
    await sim.whenDelivered();

    expect(json(receiver.received[0]).event).toBe('meeting.started');
  });

  it('sends nothing when no URL is configured, and emitEvent rejects', async () => {
    sim.configureWebhooks(undefined);

    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    expect(receiver.received).toHaveLength(0);
    await expect(sim.emitEvent('x', {})).rejects.toThrow(/not configured/);
  });

  it('reset() clears the recorded deliveries', async () => {
    sim.startMeeting(MEETING);
    await sim.whenDelivered();

    sim.reset();

    expect(sim.deliveries).toEqual([]);
  });
});
