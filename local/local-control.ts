import type { MeetingStore } from '../functions/lib/use-cases/ports';
import type { InProcessFailureQueue } from './in-process-queue';
import type { TimeBudget } from '../functions/lib/core/time-budget';
import type { ScheduleEntry } from '../infra/schedule-config';
import { fireSchedule, type ScheduleDelivery } from './local-schedules-runner';

/** The path prefix of `npm start`'s own control routes: not in the route table, so API Gateway never has them. */
export const CONTROL_PREFIX = '/_local';

export interface ControlAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface ControlDeps extends ScheduleDelivery {
  readonly schedules: () => readonly ScheduleEntry[];
  /** The SCHEDULES_FILE npm start read them from, when one. */
  readonly schedulesFile?: string;
  readonly store: MeetingStore;
  readonly failures: InProcessFailureQueue;
  readonly budget: () => TimeBudget;
}

/**
 * What the local scripts ask of the running `npm start` (behind its API key):
 * - `POST /_local/schedules/{name}/start|stop`: fire a configured schedule now, as its time would;
 * - `GET /_local/meetings|webinars/{id}/start`: the start worker's state for it (its start claim,
 *   the last failure parked for it), for `webhook:send` to report what actually happened.
 */
export async function handleControl(method: string, path: string, deps: ControlDeps): Promise<ControlAnswer> {
  const fire = /^\/_local\/schedules\/([^/]+)\/(start|stop)$/.exec(path);
  if (fire && method === 'POST') {
    const name = decodeURIComponent(fire[1] as string);
    const action = fire[2] as 'start' | 'stop';
    const entries = deps.schedules();
    const entry = entries.find((candidate) => candidate.name === name);
    if (!entry) return { ...notFound(`no schedule named "${name}"`), body: { error: { code: 'NOT_FOUND', message: `no schedule named "${name}"` }, configured: entries.map((e) => e.name), ...(deps.schedulesFile ? { schedulesFile: deps.schedulesFile } : {}) } };
    if (action === 'stop' && entry.stop === undefined) return notFound(`schedule "${name}" has no stop; Scheduler would never send one`);
    return { status: 200, body: { name, ...(await fireSchedule(entry, action, deps)) } };
  }
  const state = /^\/_local\/(meeting|webinar)s\/(\d{9,19})\/start$/.exec(path);
  if (state && method === 'GET') {
    const kind = state[1] as 'meeting' | 'webinar';
    const id = state[2] as string;
    const record = await deps.store.get({ kind, id }, deps.budget());
    const field = kind === 'meeting' ? 'meetingId' : 'webinarId';
    const failure = [...deps.failures.messages].reverse().find((entry) => bodyNames(entry.body, field, id));
    const claim = record?.startClaim;
    return {
      status: 200,
      body: {
        claim: claim ? { origin: claim.origin, state: claim.state, at: new Date(claim.at).toISOString(), ...(claim.code ? { code: claim.code } : {}) } : null,
        failure: failure ? { code: failure.code, message: failure.message } : null,
      },
    };
  }
  return notFound(`${method} ${path} is not a control route of npm start`);
}

const notFound = (message: string): ControlAnswer => ({ status: 404, body: { error: { code: 'NOT_FOUND', message } } });

function bodyNames(body: string, field: string, id: string): boolean {
  try {
    return (JSON.parse(body) as Record<string, unknown>)[field] === id;
  } catch {
    return false;
  }
}
