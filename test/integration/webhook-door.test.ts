import { systemClock } from '../../functions/lib/core/clock';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { WEBHOOK_MAX_BODY_BYTES } from '../../functions/lib/http/zoom-signature';
import { handleZoomEvent } from '../../functions/lib/use-cases/webhook-events';
import { parseZoomEvent } from '../../functions/lib/zoom/event-notification';
import { configurationAnswer, context, MEETING_ID, startBackends, withLog, type Backends } from '../helpers/backends';
import { budget, eventBody, json, registration, restWebhookEvent, startedObject, webhookSystem } from '../helpers/zoom-webhook';
import { shiftedClock } from '../helpers/shifted-clock';
import { startCountingProxy, withProcessEnv } from '../support/aws-stubs';
import { createSecret, putSecret } from '../support/moto';
import { SIMULATOR_CREDENTIALS } from '../zoom-simulator';

/**
 * What an unsigned caller can make the webhook do before the signature checks out: nothing costly
 * (a large body is refused before the secret is read or an HMAC computed) and nothing disclosed
 * (errors name no secret). And the door's keys: a token changed in the secret is taken up by a warm
 * container within a minute, the previous one still opens while the Zoom app is switched, and an
 * event of another Zoom account is ignored. Secrets Manager on moto_server through the real SDK.
 */
const NEW_TOKEN = 'wh-secret-door-new-7Lp2Qs9Vx';
const OLD_TOKEN = 'wh-secret-door-old-3Kd8Wm1Zr';
const MEETING = { kind: 'meeting', id: MEETING_ID } as const;

let backends: Backends;
let secrets = 0;

beforeAll(async () => {
  backends = await startBackends();
});
afterAll(() => backends.close());
beforeEach(() => backends.zoom.reset());

/** A webhook over a secret of its own, its clock movable, registered for MEETING. */
async function door(secret: Record<string, string> | string) {
  const name = `zoom-livestream/door-${++secrets}`;
  await createSecret(backends.moto.endpoint, name, typeof secret === 'string' ? secret : JSON.stringify(secret));
  const { clock, shift } = shiftedClock();
  const system = webhookSystem({ ...backends.env, ZOOM_SECRET_ID: name }, { clock });
  await system.services.store.putAutoStart(MEETING, registration(), budget());
  return {
    ...system,
    name,
    clock,
    advance: shift,
    send: (token: string, body = eventBody('meeting.started', startedObject(MEETING_ID))) => system.webhook(restWebhookEvent(token, body, { clock }), context()),
  };
}

const paddedBody = (bytes: number) => {
  const base = eventBody('meeting.live_streaming_started', { id: Number(MEETING_ID), uuid: 'pad==', padding: '' });
  return base.replace('"padding":""', `"padding":"${'x'.repeat(bytes - base.length)}"`);
};

describe('a body over 64 KiB', () => {
  it('is refused 413 before the secret is read or a signature checked', async () => {
    const proxy = await startCountingProxy(backends.moto.endpoint);
    try {
      const system = await withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint }, () => door({ webhookSecretToken: NEW_TOKEN }));
      const body = paddedBody(WEBHOOK_MAX_BODY_BYTES + 1);

      const answer = await withProcessEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: proxy.endpoint }, () => system.webhook(restWebhookEvent('unsigned', body), context()));

      expect(answer.statusCode).toBe(413);
      expect(json(answer).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(proxy.targets.filter((target) => target === 'secretsmanager.GetSecretValue')).toEqual([]);
      expect(system.counts.secretReads).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('is taken at exactly 64 KiB when signed', async () => {
    const system = await door({ webhookSecretToken: NEW_TOKEN });
    const body = paddedBody(WEBHOOK_MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(WEBHOOK_MAX_BODY_BYTES);

    const answer = await system.send(NEW_TOKEN, body);

    expect(answer.statusCode).toBe(200);
  });
});

describe('before the signature checks out', () => {
  it('an unsigned POST to a webhook whose secret is not filled in yet learns nothing of the secret', async () => {
    const system = await door({ placeholder: 'generated-by-the-stack' });

    const { result: answer, errorMessages } = await withLog(() => system.webhook(restWebhookEvent('forged', eventBody('meeting.started', startedObject(MEETING_ID))), context()));

    expect(answer.statusCode).toBe(500);
    expect(json(answer).error).toEqual(configurationAnswer());
    expect(answer.body).not.toContain(system.name);
    expect(answer.body).not.toContain('webhookSecretToken');
    expect(errorMessages).toContainEqual(expect.stringContaining(system.name));
  });
});

describe('changing the webhook secret token', () => {
  it('accepts deliveries signed with either token while both are in the secret, and validates with the new one', async () => {
    const system = await door({ webhookSecretToken: NEW_TOKEN, previousWebhookSecretToken: OLD_TOKEN });

    const signedNew = await system.send(NEW_TOKEN);
    const signedOld = await system.send(OLD_TOKEN, eventBody('meeting.started', startedObject(MEETING_ID)));
    const forged = await system.send('wh-secret-neither-of-them');
    const validation = await system.send(OLD_TOKEN, eventBody('endpoint.url_validation', {}, Date.now(), { plainToken: 'plain-token-rotation' }));

    expect([signedNew.statusCode, signedOld.statusCode, forged.statusCode]).toEqual([200, 200, 401]);
    expect(json(validation)).toEqual({
      plainToken: 'plain-token-rotation',
      encryptedToken: require('node:crypto').createHmac('sha256', NEW_TOKEN).update('plain-token-rotation').digest('hex'),
    });
  });

  it('takes up a token changed in the secret within a minute, without a cold start, reading at most once a minute', async () => {
    const system = await door({ webhookSecretToken: OLD_TOKEN });
    expect((await system.send(OLD_TOKEN)).statusCode).toBe(200);
    await putSecret(backends.moto.endpoint, system.name, JSON.stringify({ webhookSecretToken: NEW_TOKEN, previousWebhookSecretToken: OLD_TOKEN }));

    system.advance(10_000);
    const tooSoon = await system.send(NEW_TOKEN);
    const readsAfterTooSoon = system.counts.secretReads;
    system.advance(51_000);
    const afterAMinute = await system.send(NEW_TOKEN);
    const stillOld = await system.send(OLD_TOKEN);
    const forged = await Promise.all([1, 2, 3, 4, 5].map(() => system.send('wh-secret-forged-flood')));

    expect(tooSoon.statusCode).toBe(401);
    expect(readsAfterTooSoon).toBe(1);
    expect(afterAMinute.statusCode).toBe(200);
    expect(stillOld.statusCode).toBe(200);
    expect(forged.map((answer) => answer.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(system.counts.secretReads).toBe(2);
  });
});

describe('an event of another Zoom account', () => {
  it('is answered 200 and ignored, while the same event of this account starts the stream', async () => {
    const system = await door({ ...SIMULATOR_CREDENTIALS, webhookSecretToken: NEW_TOKEN });
    const foreign = eventBody('meeting.started', startedObject(MEETING_ID), Date.now(), { account_id: 'someOtherAccount01' });

    const ignored = await system.send(NEW_TOKEN, foreign);
    await system.services.startQueue.drain();
    const sentAfterForeign = system.services.startQueue.sent;
    const ours = await system.send(NEW_TOKEN);
    await system.services.startQueue.drain();

    expect(ignored.statusCode).toBe(200);
    expect(json(ignored)).toEqual({ event: 'meeting.started', result: 'ignored: another Zoom account' });
    expect(sentAfterForeign).toBe(0);
    expect(json(ours).result).toBe('start handed off');
    expect(backends.zoom.apiRequests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('is acted on when the secret does not name the account', async () => {
    const store = new MemoryMeetingStore();
    await store.putAutoStart(MEETING, registration());
    const sent: string[] = [];
    const startQueue = { send: async (body: string, _delaySeconds: number) => void sent.push(body) };
    const event = parseZoomEvent(Buffer.from(eventBody('meeting.started', startedObject(MEETING_ID), Date.now(), { account_id: 'someOtherAccount01' })));

    const result = await handleZoomEvent(event, budget(), { store, startQueue, clock: systemClock });

    expect(result.result).toBe('start handed off');
    expect(sent).toHaveLength(1);
  });
});
