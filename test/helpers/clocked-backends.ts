import type { Overrides } from '../../functions/lib/handlers/composition-root';
import { FakeClock } from './fake-clock';
import { createSecret, motoAwsEnv, startMoto, type MotoServer } from '../support/moto';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type MeetingOptions, type ZoomSimulator, type ZoomSimulatorOptions } from '../zoom-simulator';

export const CLOCKED_SECRET_NAME = 'zoom-livestream/clocked';

/**
 * moto_server holding the Zoom secret and a Zoom simulator whose clock is `clock`: a fake clock that
 * the handlers' containers share, so a wait moves Zoom's time (meeting starts, the 30-second rule) too.
 */
export interface ClockedBackends {
  readonly clock: FakeClock;
  readonly moto: MotoServer;
  readonly zoom: ZoomSimulator;
  readonly env: Record<string, string>;
  /** What a container of the test builds with on the shared clock (the composition root's overrides). */
  overrides(extra?: Overrides): Overrides;
  /** A meeting id not used before in this process. */
  newMeetingId(): string;
  /** Adds a meeting whose scheduled start is now and that starts by itself `lateMs` from now (never when undefined). */
  addLateMeeting(lateMs: number | undefined, options?: MeetingOptions): string;
  close(): Promise<void>;
}

let nextId = 81_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

export async function startClockedBackends(options: ZoomSimulatorOptions = {}): Promise<ClockedBackends> {
  const clock = new FakeClock();
  const [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator({ ...options, now: () => clock.now() })]);
  // The AWS SDK reads its endpoint and credentials from process.env, as it does in Lambda.
  Object.assign(process.env, motoAwsEnv(moto.endpoint));
  await createSecret(moto.endpoint, CLOCKED_SECRET_NAME, JSON.stringify(SIMULATOR_CREDENTIALS));
  const env = { ZOOM_SECRET_ID: CLOCKED_SECRET_NAME, ZOOM_API_BASE_URL: zoom.apiBaseUrl, ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl };
  const newMeetingId = () => String((nextId += 1));
  return {
    clock,
    moto,
    zoom,
    env,
    overrides: (extra = {}) => ({ random: () => 0.5, ...extra, clock }),
    newMeetingId,
    addLateMeeting(lateMs, meetingOptions = {}) {
      const id = newMeetingId();
      const now = clock.now();
      zoom.addMeeting(id, {
        startTime: new Date(now).toISOString(),
        ...(lateMs === undefined ? { status: 'waiting' } : { startsAt: now + lateMs }),
        ...meetingOptions,
      });
      return id;
    },
    close: async () => {
      await Promise.all([moto.stop(), zoom.close()]);
    },
  };
}

/** The requests Zoom got for one meeting, in order. */
export function zoomCallsFor(zoom: ZoomSimulator, meetingId: string) {
  const calls = zoom.apiRequests.filter((r) => r.meetingId === meetingId);
  return {
    all: calls,
    patches: calls.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status')),
    acceptedPatches: calls.filter((r) => r.method === 'PATCH' && r.path.endsWith('/livestream/status') && r.status === 204),
    statusReads: calls.filter((r) => r.method === 'GET' && /\/(meetings|webinars)\/\d+$/.test(r.path)),
  };
}

/** The shortest time between two consecutive requests, in ms (Infinity for fewer than two). */
export function shortestGap(requests: readonly { at: number }[]): number {
  let shortest = Infinity;
  for (let i = 1; i < requests.length; i += 1) shortest = Math.min(shortest, (requests[i]?.at ?? 0) - (requests[i - 1]?.at ?? 0));
  return shortest;
}
