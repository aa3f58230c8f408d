import { readLocalSession, sessionFile, type LocalSession } from './local-session';

/** The running `npm start` is not there: the scripts say so, and how to start it, instead of `fetch failed`. */
export class NotRunningError extends Error {
  constructor(where: string, file: string) {
    super(`npm start is not running ${where} (${file}): start it in another terminal with \`npm start\`, then run this again`);
    this.name = 'NotRunningError';
  }
}

/** The session of the `npm start` running here; NotRunningError when none has written one. */
export function runningSession(env: NodeJS.ProcessEnv = process.env): LocalSession {
  const file = sessionFile(env);
  const session = readLocalSession(file);
  if (!session) throw new NotRunningError('here (it writes its address and keys on start-up)', file);
  return session;
}

export interface LocalAnswer {
  readonly status: number;
  readonly text: string;
  json(): any;
}

/** A request to the running `npm start`'s API, with its API key; NotRunningError when nothing answers. */
export async function callLocal(
  session: { readonly apiUrl: string; readonly apiKey: string },
  method: string,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  body?: string,
): Promise<LocalAnswer> {
  let response: Response;
  try {
    response = await fetch(`${session.apiUrl}${path}`, {
      method,
      headers: { 'x-api-key': session.apiKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
  } catch (error) {
    if (isRefused(error)) throw new NotRunningError(`at ${session.apiUrl}`, sessionFile(env));
    throw error;
  }
  const text = await response.text();
  return { status: response.status, text, json: () => (text ? JSON.parse(text) : undefined) };
}

/** A connection nobody accepted: the process that wrote the session has gone. */
export function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET' || cause?.code === 'EHOSTUNREACH';
}
