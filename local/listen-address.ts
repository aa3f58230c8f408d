/**
 * Where the local servers listen (`PORT`, `HOST`), checked up front, and the listen failures users
 * cause turned into one line naming the variable to change: Node's own errors ("listen EADDRINUSE:
 * address already in use 127.0.0.1:3000") name neither.
 */
export interface ListenAddress {
  readonly port: number;
  readonly host: string;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/**
 * `PORT` (0 asks the system for a free port) and `HOST`. Empty means unset, as with `PORT= npm start`
 * in a script that blanks a variable it inherited; anything else is checked.
 */
export function readListenAddress(env: Readonly<Record<string, string | undefined>> = process.env): ListenAddress {
  return { port: readPort(env.PORT), host: readHost(env.HOST) };
}

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535 (0 picks a free port), got "${raw}"`);
  }
  return port;
}

function readHost(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULT_HOST;
  if (raw.trim() === '') {
    throw new Error(`HOST must be a host name or IP address to listen on (e.g. ${DEFAULT_HOST} or 0.0.0.0), got "${raw}"`);
  }
  return raw;
}

/** The error to show for a failed `listen` on `address`; errors nobody can fix by configuration pass through. */
export function describeListenError(error: unknown, address: ListenAddress): Error {
  const { port, host } = address;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const cause = { cause: error };
  switch (code) {
    case 'EADDRINUSE':
      return new Error(
        `port ${port} is in use on ${host}: stop the other process (lsof -nP -iTCP:${port} -sTCP:LISTEN) or set PORT to a free one, e.g. PORT=${suggestedPort(port)}`,
        cause,
      );
    case 'EACCES':
      return new Error(
        port > 0 && port < 1024
          ? `port ${port} is privileged: set PORT to 1024 or above, e.g. PORT=${DEFAULT_PORT}`
          : `this user may not listen on port ${port} of ${host}: set PORT to another port or HOST to another address`,
        cause,
      );
    case 'EADDRNOTAVAIL':
      return new Error(
        `HOST ${host} is not an address of this machine: set HOST to one of its addresses, e.g. HOST=${DEFAULT_HOST} (or HOST=0.0.0.0 for all)`,
        cause,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`HOST ${host} does not resolve to an address: set HOST to an IP address, e.g. HOST=${DEFAULT_HOST}`, cause);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

function suggestedPort(port: number): number {
  return port > 0 && port < 65535 ? port + 1 : DEFAULT_PORT;
}
