import { callLocal } from './local-client';
import type { LocalSession } from './local-session';

/**
 * How long a handed-off start is followed: Zoom's 30-second rule between two starts of a meeting,
 * a retry or two after it, and the live streaming event that follows an accepted start.
 */
export const WATCH_MS = 90_000;
const POLL_MS = 500;

interface StartState {
  readonly claim: { origin: string; state: string; at: string; code?: string } | null;
  readonly failure: { code: string; message: string } | null;
}

export interface WatchOptions {
  readonly waitMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/**
 * Follows a start the running `npm start`'s start worker has, until the stream is live, the start
 * failed, or Zoom says the meeting has not begun; otherwise reports what is known when the wait is
 * over. Every line states what the system answered, never a guess. Resolves an exit code.
 */
export async function watchStart(session: LocalSession, kind: 'meeting' | 'webinar', id: string, options: WatchOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const path = `/${kind}s/${id}/livestream`;
  const statePath = `/_local/${kind}s/${id}/start`;
  const read = async <T>(p: string): Promise<T> => (await callLocal(session, 'GET', p, options.env)).json() as T;
  const startedAt = Date.now();
  const before = await read<StartState>(statePath);
  const isNew = (at: string | undefined) => at !== undefined && Date.parse(at) >= startedAt - 1000;
  let accepted = false;
  while (Date.now() - startedAt < (options.waitMs ?? WATCH_MS)) {
    const state = await read<StartState>(statePath);
    if (state.failure && JSON.stringify(state.failure) !== JSON.stringify(before.failure)) {
      log(`start failed: ${state.failure.code}: ${state.failure.message}`);
      return 1;
    }
    const described = await read<{ stream?: { state: string; since: string | null }; zoom?: { status?: string } | null }>(path);
    if (described.stream?.state === 'live') {
      log(`stream live since ${described.stream.since} (GET ${path})`);
      return 0;
    }
    const claim = state.claim;
    if (claim && isNew(claim.at) && claim.state === 'failed') {
      log(`start failed: ${claim.code ?? 'unknown error'} (the ${claim.origin} start; npm start's log has the details)`);
      return 1;
    }
    if (claim && isNew(claim.at) && claim.state === 'done' && !accepted) {
      accepted = true;
      log(`Zoom accepted the start (the ${claim.origin} start); waiting for Zoom's live streaming event`);
    }
    if (!claim?.state.match(/pending|done/) && described.zoom?.status === 'waiting') {
      log(`Zoom says ${kind} ${id} has not started (status waiting): the start worker starts its stream when it does (it checks every 10 s within the start window)`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const last = await read<StartState>(statePath);
  const described = await read<{ stream?: { state: string }; zoom?: { status?: string } | null }>(path);
  log(
    `after ${Math.round((Date.now() - startedAt) / 1000)} s: stream ${described.stream?.state ?? 'unknown'}, Zoom's meeting status ${described.zoom?.status ?? 'unknown'}, ` +
      `start ${last.claim ? `${last.claim.state} (the ${last.claim.origin} start${last.claim.code ? `, ${last.claim.code}` : ''})` : 'not claimed by any start yet'}; npm start's log has each attempt`,
  );
  return 1;
}
