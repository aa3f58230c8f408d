import type { MeetingLifecycle } from './meeting-lifecycle';
import { parseMeetingPatch } from './meeting-patch';
import type { MeetingBook } from './meetings';
import { type Reply, zoomError } from './reply';

export interface ControlRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly remoteAddress: string | undefined;
  readonly bodyText: string;
}

export interface ControlDeps {
  readonly meetings: MeetingBook;
  readonly lifecycle: MeetingLifecycle;
}

const CONTROL_PATH = /^\/_simulator\/meetings\/([^/]+?)(?:\/(start|end))?\/?$/;

export function isControlPath(rawPath: string): boolean {
  return rawPath.startsWith('/_simulator/');
}

/**
 * Lets scripts and demos do what a host would in the Zoom client (start, end, edit, delete a
 * meeting), so the events and statuses that follow come from the simulator itself. No auth, so it
 * answers loopback callers only.
 */
export function handleControlRequest(request: ControlRequest, deps: ControlDeps): Reply {
  if (!isLoopback(request.remoteAddress)) return zoomError(403, 403, 'The control API answers loopback callers only.');
  const match = CONTROL_PATH.exec(request.rawPath);
  if (!match) return zoomError(404, 404, 'Not Found.');
  const id = safeDecode(match[1] ?? '');
  const action = match[2];
  const allowed = action ? ['POST'] : ['GET', 'PATCH', 'DELETE'];
  if (!allowed.includes(request.method)) return zoomError(405, 405, 'Method Not Allowed.');
  if (!deps.meetings.find(id)) return zoomError(404, 3001, `Meeting does not exist: ${id}.`);

  try {
    if (action === 'start') deps.lifecycle.start(id);
    else if (action === 'end') deps.lifecycle.end(id);
    else if (request.method === 'PATCH') deps.lifecycle.update(id, parseMeetingPatch(parseJson(request.bodyText)));
    else if (request.method === 'DELETE') deps.lifecycle.delete(id);
  } catch (error) {
    return zoomError(400, 300, error instanceof Error ? error.message : String(error));
  }
  return { status: 200, body: deps.meetings.state(id) };
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('Body must be a JSON object');
  }
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
