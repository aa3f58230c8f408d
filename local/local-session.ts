import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** What `npm start` tells the local scripts run beside it (`webhook:send`): where it listens and its keys. */
export interface LocalSession {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly webhookUrl: string;
  /** Undefined when the functions read a real secret (its token is not ours to print). */
  readonly webhookSecretToken?: string;
  /** The embedded Zoom simulator's address, for its control API (`/_simulator/…`); none with real Zoom. */
  readonly zoomSimulatorUrl?: string;
}

/**
 * In the repository's ignored `.local/`, readable by this user only: it holds the local API key.
 * `LOCAL_SESSION_FILE` names another, so that two `npm start`s on one machine keep apart.
 */
export const sessionFile = (env: Readonly<Record<string, string | undefined>> = process.env): string =>
  env.LOCAL_SESSION_FILE || path.join(__dirname, '..', '.local', 'npm-start.json');

export function writeLocalSession(session: LocalSession, file = sessionFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The session of a running `npm start`, or undefined when none has run here. */
export function readLocalSession(file = sessionFile()): LocalSession | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalSession;
  } catch {
    return undefined;
  }
}
