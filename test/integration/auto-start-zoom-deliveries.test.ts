import { startLocalApi, type LocalApi, type LocalHandler } from '../../local/local-api';
import { startBackends, type Backends } from '../helpers/backends';
import { createWebhookSecret } from '../helpers/zoom-webhook';

/**
 * The deployed functions' own exports (`functions/meetings.ts`, `functions/webhook.ts`) behind the
 * local API Gateway, with the Zoom simulator sending its own signed event notifications to the
 * webhook over HTTP: a host starting a registered meeting makes its stream go live, and the GET
 * route then says so.
 */
const SECRET_TOKEN = 'wh-secret-e2e-Pm4xD8sV1k';
const WEBHOOK_SECRET = 'zoom-livestream/auto-start-e2e';
const API_KEY = 'e2e-api-key-0123456789';
const MEETING = '87766655544';

let backends: Backends;
let api: LocalApi;

beforeAll(async () => {
  backends = await startBackends();
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  // The exports read their configuration from the environment on first use, as in Lambda.
  Object.assign(process.env, backends.env, { ZOOM_SECRET_ID: WEBHOOK_SECRET });
  const meetings = (await import('../../functions/meetings')).handler as LocalHandler;
  const webhook = (await import('../../functions/webhook')).handler as LocalHandler;
  const refuse: LocalHandler = async () => ({ statusCode: 500, body: '{}' });
  api = await startLocalApi({ handlers: { meetings, webhook, start: refuse, stop: refuse, operator: refuse, console: refuse }, apiKey: API_KEY, port: 0, host: '127.0.0.1' });
  backends.zoom.configureWebhooks({ url: `${api.url}/webhooks/zoom`, secretToken: SECRET_TOKEN });
});
afterAll(async () => {
  await api.close();
  await backends.close();
});

const request = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${api.url}${path}`, { method, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as any };
};

/** Until Zoom's deliveries, the start they caused and the deliveries that start caused are all done. */
async function settle(until: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await until()); i += 1) {
    await backends.zoom.whenDelivered();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('starts the registered stream when the host starts the meeting, and shows it live', async () => {
  backends.zoom.addMeeting(MEETING, { status: 'waiting' });
  const registered = await request('PUT', `/meetings/${MEETING}/livestream/auto-start`, '{"settings":{"display_name":"From the webhook"}}');

  backends.zoom.startMeeting(MEETING);
  await settle(async () => (await request('GET', `/meetings/${MEETING}/livestream`)).body.stream.state === 'live');
  const described = await request('GET', `/meetings/${MEETING}/livestream`);

  expect(registered).toEqual({ status: 200, body: { meetingId: MEETING, autoStart: { settings: { display_name: 'From the webhook' } } } });
  expect(backends.zoom.meetingState(MEETING)).toMatchObject({ live: true, starts: 1, settings: { display_name: 'From the webhook' } });
  expect(described.body).toMatchObject({ meetingId: MEETING, stream: { state: 'live', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
  expect(backends.zoom.deliveries.map((d) => [d.event, d.status])).toEqual([
    ['meeting.started', 200],
    ['meeting.live_streaming_started', 200],
  ]);
});

it('shows the stream stopped once the host ends the meeting', async () => {
  backends.zoom.reset();

  backends.zoom.endMeeting(MEETING);
  await settle(async () => (await request('GET', `/meetings/${MEETING}/livestream`)).body.stream.state === 'stopped');
  const described = await request('GET', `/meetings/${MEETING}/livestream`);

  expect(described.body.stream).toEqual({ state: 'stopped', since: expect.any(String) });
  expect(backends.zoom.deliveries.map((d) => [d.event, d.status])).toEqual([['meeting.ended', 200]]);
});

it('refuses a delivery signed with another token, without an API key being asked for', async () => {
  const body = JSON.stringify({ event: 'meeting.started', event_ts: Date.now(), payload: { object: { id: MEETING } } });

  const response = await fetch(`${api.url}/webhooks/zoom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-zm-signature': `v0=${'0'.repeat(64)}` },
    body,
  });

  expect(response.status).toBe(401);
  expect(((await response.json()) as any).error.code).toBe('INVALID_SIGNATURE');
});
