import { context, MEETING_ID, startBackends, type Backends } from '../helpers/backends';
import { FakeClock } from '../helpers/fake-clock';
import {
  budget,
  createWebhookSecret,
  eventBody,
  json,
  nowSeconds,
  registration,
  restWebhookEvent,
  startedObject,
  webhookSystem,
} from '../helpers/zoom-webhook';

/**
 * `meeting.started` of a registered meeting hands its start to the start queue: the start worker
 * starts the stream with the registered settings, once per event however often Zoom delivers it.
 */
const SECRET_TOKEN = 'wh-secret-starts-8fK2pQ0zR4';
const WEBHOOK_SECRET = 'zoom-livestream/webhook-starts';
const WEBINAR_ID = '91122233344';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;

let backends: Backends;
let env: Record<string, string>;

beforeAll(async () => {
  backends = await startBackends();
  backends.zoom.addWebinar(WEBINAR_ID);
  await createWebhookSecret(backends, WEBHOOK_SECRET, SECRET_TOKEN);
  env = { ...backends.env, ZOOM_SECRET_ID: WEBHOOK_SECRET };
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

const patches = () => backends.zoom.apiRequests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status'));

describe('meeting.started of a registered meeting', () => {
  it('starts the stream through the start worker with the registered settings', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart(MEETING, registration({ layout: 'gallery_view', display_name: 'Town hall' }), budget());

    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());
    await system.services.startQueue.drain();

    expect(patches().map((r) => r.parsed)).toEqual([{ action: 'start', settings: { layout: 'gallery_view', display_name: 'Town hall' } }]);
    expect(backends.zoom.meetingState(MEETING_ID)).toMatchObject({ status: 'started', live: true });
  });

  it('is recognised when Zoom names the meeting by a JSON number', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart(MEETING, registration(), budget());

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', { ...startedObject(MEETING_ID), id: Number(MEETING_ID) })), context());
    await system.services.startQueue.drain();

    expect(json(response)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    expect(patches().map((r) => r.path)).toEqual([`/v2/meetings/${MEETING_ID}/livestream/status`]);
  });

  it('is answered before Zoom answers the start', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart(MEETING, registration(), budget());
    backends.zoom.injectFaults({ type: 'slow', delayMs: 4000 });

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());
    const answeredAtAck = patches().filter((r) => r.status !== undefined);
    await system.services.startQueue.drain();

    expect(response).toMatchObject({ statusCode: 200 });
    expect(answeredAtAck).toEqual([]);
    expect(patches()).toMatchObject([{ fault: 'slow', status: 204 }]);
  });
});

describe('webinar.started of a registered webinar', () => {
  it('starts the webinar stream with its settings', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart({ kind: 'webinar', id: WEBINAR_ID }, registration({ display_name: 'Webinar live' }), budget());

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('webinar.started', { ...startedObject(WEBINAR_ID), type: 5 })), context());
    await system.services.startQueue.drain();

    expect(json(response)).toEqual({ event: 'webinar.started', result: 'start handed off' });
    expect(patches().map((r) => [r.path, r.parsed])).toEqual([
      [`/v2/webinars/${WEBINAR_ID}/livestream/status`, { action: 'start', settings: { display_name: 'Webinar live' } }],
    ]);
  });
});

describe('meeting.started of a meeting nobody registered', () => {
  it('is acknowledged and calls nothing', async () => {
    const system = webhookSystem(env);

    const response = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());
    await system.services.startQueue.drain();

    expect(response).toMatchObject({ statusCode: 200 });
    expect(json(response)).toEqual({ event: 'meeting.started', result: 'not registered for auto-start' });
    expect(system.services.startQueue.sent).toBe(0);
    expect(backends.zoom.requests).toEqual([]);
  });

  it('stores nothing about the meeting', async () => {
    const system = webhookSystem(env);

    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID))), context());

    expect(await system.services.store.get(MEETING, budget())).toBeUndefined();
  });
});

describe("Zoom's redelivery of the same event", () => {
  it('starts the stream once: one hand-off, one PATCH', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart(MEETING, registration(), budget());
    const body = eventBody('meeting.started', startedObject(MEETING_ID));

    await system.webhook(restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() - 2 }), context());
    await system.services.startQueue.drain();
    const again = await system.webhook(restWebhookEvent(SECRET_TOKEN, body), context());
    await system.services.startQueue.drain();

    expect(again).toMatchObject({ statusCode: 200 });
    expect(json(again)).toEqual({ event: 'meeting.started', result: 'duplicate delivery; handled before' });
    expect(system.services.startQueue.sent).toBe(1);
    expect(patches()).toHaveLength(1);
  });

  it('starts the stream once when both deliveries arrive together', async () => {
    const system = webhookSystem(env);
    await system.services.store.putAutoStart(MEETING, registration(), budget());
    const body = eventBody('meeting.started', startedObject(MEETING_ID));

    await Promise.all([
      system.webhook(restWebhookEvent(SECRET_TOKEN, body, { timestamp: nowSeconds() - 1 }), context()),
      system.webhook(restWebhookEvent(SECRET_TOKEN, body), context()),
    ]);
    await system.services.startQueue.drain();

    expect(system.services.startQueue.sent).toBe(1);
    expect(patches()).toHaveLength(1);
  });

  it('is still recognised 25 hours later', async () => {
    const clock = new FakeClock(Date.now());
    const system = webhookSystem(env, { clock });
    await system.services.store.putAutoStart(MEETING, registration(), budget(clock));
    const body = eventBody('meeting.started', startedObject(MEETING_ID), clock.now());
    await system.webhook(restWebhookEvent(SECRET_TOKEN, body, { clock }), context());
    await system.services.startQueue.drain();

    clock.advance(25 * 3600_000);
    const late = await system.webhook(restWebhookEvent(SECRET_TOKEN, body, { clock }), context());
    await system.services.startQueue.drain();

    expect(json(late)).toEqual({ event: 'meeting.started', result: 'duplicate delivery; handled before' });
    expect(system.services.startQueue.sent).toBe(1);
    expect(patches()).toHaveLength(1);
  });

  it('of a later start of the same meeting (new uuid) starts it again', async () => {
    const clock = new FakeClock(Date.now());
    const system = webhookSystem(env, { clock });
    await system.services.store.putAutoStart(MEETING, registration(), budget(clock));
    await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID), clock.now()), { clock }), context());
    await system.services.startQueue.drain();

    clock.advance(2 * 3600_000);
    const next = await system.webhook(restWebhookEvent(SECRET_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID), clock.now()), { clock }), context());
    await system.services.startQueue.drain();

    expect(json(next)).toEqual({ event: 'meeting.started', result: 'start handed off' });
    expect(system.services.startQueue.sent).toBe(2);
  });
});
