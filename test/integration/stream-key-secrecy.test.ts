import { logger } from '../../functions/lib/core/logger';
import { captureOutput } from '../helpers/backends';
import { ManualClock } from '../helpers/manual-clock';
import { startMeetingTimesSystem, type MeetingTimesSystem } from '../helpers/meeting-times-system';

/**
 * The stream key is a credential: whoever has it can broadcast to the target. It never appears in a
 * log line (at DEBUG, the most talkative level) or an answer, also when Zoom refuses the change.
 */
const MEETING = '87000000001';
const path = `/meetings/${MEETING}/livestream`;
const config = (key: string) => ({ stream_url: 'rtmps://live.example.com:443/app', stream_key: key, page_url: 'https://example.com/watch' });

let system: MeetingTimesSystem;
let output: ReturnType<typeof captureOutput>;

beforeEach(async () => {
  system = await startMeetingTimesSystem({ clock: new ManualClock(Date.UTC(2026, 2, 2, 9, 0)) });
  system.zoom.addMeeting(MEETING, { status: 'started' });
  logger.setLogLevel('DEBUG');
  output = captureOutput();
});
afterEach(async () => {
  output.restore();
  logger.setLogLevel('SILENT');
  await system.close();
});

const logged = () => output.lines.join('\n');

it('is not in the log of a configuration Zoom accepted', async () => {
  const key = 'live_2hx7-Qp9s-KEY-accepted-0001';

  await system.api('PUT', path, config(key));

  expect(output.json().some((line) => line.message === 'meetings request')).toBe(true);
  expect(logged()).not.toContain(key);
});

it('is not in the answer to a configuration Zoom accepted', async () => {
  const key = 'live_2hx7-Qp9s-KEY-answered-0002';

  const answer = await system.api('PUT', path, config(key));

  expect(JSON.stringify(answer.body)).not.toContain(key);
});

describe('Zoom refusing a change while the stream is live (4400)', () => {
  const key = 'live_2hx7-Qp9s-KEY-refused-0003';
  let answer: { status: number; body: any };

  beforeEach(async () => {
    await system.api('POST', `${path}/start`);
    answer = await system.api('PUT', path, config(key));
  });

  it("is answered as Zoom's refusal", () => {
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ code: 'ZOOM_REJECTED', zoomCode: 4400 });
  });

  it('keeps the key out of the answer', () => {
    expect(JSON.stringify(answer.body)).not.toContain(key);
  });

  it('keeps the key out of the log', () => {
    expect(output.json().some((line) => line.outcome === 'ZOOM_REJECTED')).toBe(true);
    expect(logged()).not.toContain(key);
  });
});

it('is scrubbed from a refusal in which Zoom quotes it back', async () => {
  const key = 'live_2hx7-Qp9s-KEY-echoed-0004';
  system.zoom.injectFaults({ type: 'status', status: 400, target: 'livestreamConfig', body: { code: 300, message: `Invalid stream key: ${key}`, errors: [{ field: 'stream_key', message: key }] } });

  const answer = await system.api('PUT', path, config(key));

  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(JSON.stringify(answer.body)).not.toContain(key);
  expect(logged()).not.toContain(key);
});

it('is not in the answer of GET …/livestream', async () => {
  const key = 'live_2hx7-Qp9s-KEY-described-0005';
  await system.api('PUT', `${path}`, config(key));

  const answer = await system.api('GET', path);

  expect(answer.body.zoom.stream.stream_key).toBe('…0005');
  expect(JSON.stringify(answer.body)).not.toContain(key);
});

it("is not in the log when Zoom's live streaming events carry it to the webhook", async () => {
  const key = 'live_2hx7-Qp9s-KEY-in-events-0006';
  system.zoom.addMeeting(MEETING, { status: 'started', stream: config(key) });

  await system.api('POST', `${path}/start`);
  await system.api('POST', `${path}/stop`);
  await system.settle();

  expect(system.zoom.deliveries.map((d) => d.event)).toEqual(['meeting.live_streaming_started', 'meeting.live_streaming_stopped']);
  expect(output.json().filter((line) => line.message === 'zoom webhook')).toHaveLength(2);
  expect(logged()).not.toContain(key);
});
