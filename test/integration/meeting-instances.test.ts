import { createHmac } from 'node:crypto';
import { FakeClock } from '../helpers/fake-clock';
import { startMeetingTimesSystem, WEBHOOK_SECRET_TOKEN, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * Zoom's instances (`payload.object.uuid`) tell one occurrence of a meeting from the next: a host
 * who ends a meeting and starts it again seconds later gets the stream again, while Zoom's
 * redelivery of the same instance's event starts nothing twice. The simulator sends its own signed
 * events over HTTP to the webhook route; the start worker drains the in-process queue.
 */
const MEETING = '84455566677';
let system: MeetingTimesSystem;
const clock = new FakeClock(Date.UTC(2026, 10, 26, 9, 0));

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock });
  system.zoom.addMeeting(MEETING, { status: 'waiting' });
  expect((await system.api('PUT', `/meetings/${MEETING}/livestream/auto-start`, { settings: { display_name: 'Town hall' } })).status).toBe(200);
});
afterEach(() => system.close());

const startedBodies = () => system.zoom.deliveries.filter((d) => d.event === 'meeting.started' && d.attempt === 1).map((d) => d.body);
const startedUuids = () => startedBodies().map((body) => JSON.parse(body).payload.object.uuid as string);

/** Zoom's redelivery: the same bytes, a new timestamp and signature. */
async function redeliver(body: string): Promise<number> {
  const timestamp = String(Math.floor(clock.now() / 1000));
  const signature = `v0=${createHmac('sha256', WEBHOOK_SECRET_TOKEN).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${system.apiUrl}/webhooks/zoom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': signature },
    body,
  });
  return response.status;
}

it('streams a meeting restarted within seconds again (a new instance)', async () => {
  system.zoom.startMeeting(MEETING);
  await system.settle();
  clock.advance(20_000);
  system.zoom.endMeeting(MEETING);
  await system.settle();
  clock.advance(3_000);

  system.zoom.startMeeting(MEETING);
  await system.settle();

  const [first, second] = startedUuids();
  expect(first).toBeDefined();
  expect(second).not.toBe(first);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 2, settings: { display_name: 'Town hall' } });
  expect((await system.api('GET', `/meetings/${MEETING}/livestream`)).body.stream.state).toBe('live');
});

it('starts an instance once when Zoom delivers its meeting.started again', async () => {
  system.zoom.startMeeting(MEETING);
  await system.settle();
  const [body] = startedBodies();
  clock.advance(40_000);

  const statuses = [await redeliver(body as string), await redeliver(body as string)];
  await system.settle();

  expect(statuses).toEqual([200, 200]);
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1 });
});

it('starts an instance once when Zoom notifies its start twice (same uuid, another event_ts)', async () => {
  system.zoom.startMeeting(MEETING);
  await system.settle();
  const [body] = startedBodies();
  clock.advance(40_000);

  const again = await system.zoom.emitEvent('meeting.started', JSON.parse(body as string).payload);
  await system.settle();

  expect(again).toMatchObject({ status: 200 });
  expect(system.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1 });
});
