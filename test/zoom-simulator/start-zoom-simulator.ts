import { createServer } from 'node:http';
import { ArrivalCounter } from './arrival-counter';
import { EMBEDDED_LIGHT_RATE_LIMIT, SIMULATOR_CREDENTIALS, SIMULATOR_SCHEDULED_MEETING_ID, SIMULATOR_WEBINAR_ID } from './constants';
import { FaultQueue } from './faults';
import { MeetingLifecycle } from './meeting-lifecycle';
import { MeetingBook } from './meetings';
import { LightRateLimiter } from './rate-limiter';
import { RequestRecorder } from './recorder';
import { SIMULATOR_SCOPES } from './scopes';
import { TokenStore } from './token-store';
import type { SimulatorAccount, ZoomSimulatorOptions } from './types';
import { WebhookSender } from './webhook-sender';
import { ZoomSimulator } from './zoom-simulator';
import { ceilToMinute, zoomTime } from './zoom-time';

export async function startZoomSimulator(options: ZoomSimulatorOptions = {}): Promise<ZoomSimulator> {
  const now = options.now ?? Date.now;
  const embedded = options.embedded ?? false;
  const accounts = new Map<string, SimulatorAccount>();
  for (const account of [SIMULATOR_CREDENTIALS, ...(options.accounts ?? [])]) accounts.set(account.clientId, { ...account });
  const meetings = new MeetingBook(embedded, now);
  for (const id of options.meetings ?? []) meetings.add(id);
  if (embedded) {
    addScheduledDemo(meetings, now());
    meetings.add(SIMULATOR_WEBINAR_ID, { webinar: true, topic: 'Demo webinar' });
  }
  const webhooks = new WebhookSender(now);
  if (options.webhooks) webhooks.configure(options.webhooks);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new ZoomSimulator({
    server,
    accounts,
    tokens: new TokenStore(now),
    meetings,
    lifecycle: new MeetingLifecycle(meetings, webhooks, now, SIMULATOR_CREDENTIALS.accountId),
    faults: new FaultQueue(),
    recorder: new RequestRecorder(),
    arrivals: new ArrivalCounter(),
    limiter: new LightRateLimiter(options.lightRateLimitPerSecond ?? (embedded ? EMBEDDED_LIGHT_RATE_LIMIT : undefined)),
    webhooks,
    settings: {
      repeatedStartWindowMs: options.repeatedStartWindowMs ?? 30_000,
      repeatedStartRetryAfter: options.repeatedStartRetryAfter ?? false,
      invalidIdStatus: options.invalidIdStatus ?? 300,
      scopes: [...(options.scopes ?? SIMULATOR_SCOPES)],
      missingScopeCode: options.missingScopeCode ?? 4700,
    },
    now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    invalidClientStatus: options.invalidClientStatus ?? 400,
    latencyMs: options.latencyMs ?? 0,
  });
}

/** Gives `npm start` a meeting that is not running yet, so a local demo shows the waiting path too. */
function addScheduledDemo(meetings: MeetingBook, startedAt: number): void {
  const startsAt = ceilToMinute(startedAt + 2 * 60_000);
  meetings.add(SIMULATOR_SCHEDULED_MEETING_ID, {
    type: 2,
    topic: 'Scheduled demo meeting',
    startTime: zoomTime(startsAt),
    startsAt,
    duration: 30,
    timezone: 'Europe/Berlin',
    streamConfigured: false,
  });
}
