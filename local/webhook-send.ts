import { zoomSignature } from '../functions/lib/http/zoom-signature';
import { callLocal, isRefused, NotRunningError } from './local-client';
import { readLocalSession, sessionFile, type LocalSession } from './local-session';
import { watchStart } from './watch-start';
import { SENDABLE_EVENTS, zoomEventBody, type SendableEvent } from './zoom-event-body';

const USAGE = [
  'usage: npm run webhook:send -- <event> [<meeting or webinar id>] [--register] [--start-time ISO]',
  `  events: ${SENDABLE_EVENTS.join(', ')}`,
  '  --register    register the meeting for auto-start first (PUT …/livestream/auto-start)',
  '  --start-time  the new start time a meeting.updated event carries',
  'Sends to the `npm start` running here (its URL, API key and webhook secret token are in .local/npm-start.json,',
  'or the file LOCAL_SESSION_FILE names); WEBHOOK_URL, LOCAL_WEBHOOK_SECRET_TOKEN and LOCAL_API_KEY point it elsewhere.',
];

/**
 * `npm run webhook:send -- meeting.started 85746065432`: signs a Zoom-shaped event with the webhook
 * secret token and posts it to the local webhook, as Zoom would; with `--register` it first
 * registers the meeting, then watches its stream state, so "meeting starts → stream starts" shows
 * here without Zoom or AWS.
 */
export async function webhookSend(args: readonly string[], env = process.env, options: { waitMs?: number } = {}): Promise<number> {
  try {
    return await send(args, env, options);
  } catch (error) {
    if (error instanceof NotRunningError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

async function send(args: readonly string[], env: NodeJS.ProcessEnv, options: { waitMs?: number }): Promise<number> {
  const { positional, register, startTime } = parseArgs(args);
  const [event, id, ...rest] = positional;
  if (!SENDABLE_EVENTS.includes(event as SendableEvent) || rest.length > 0 || (event !== 'endpoint.url_validation' && !/^\d{9,19}$/.test(id ?? ''))) {
    console.error(USAGE.join('\n'));
    return 2;
  }
  const target = serverOf(env);
  if (!target) {
    console.error(`${new NotRunningError('here', sessionFile(env)).message} (or set WEBHOOK_URL and LOCAL_WEBHOOK_SECRET_TOKEN)`);
    return 2;
  }
  const { url, secretToken, session } = target;
  const kind = (event as string).startsWith('webinar.') ? 'webinars' : 'meetings';
  if (register) {
    if (!session) throw new Error('--register needs the API key of the server that receives the event: set LOCAL_API_KEY');
    const answer = await callLocal(session, 'PUT', `/${kind}/${id}/livestream/auto-start`, env);
    console.log(`PUT /${kind}/${id}/livestream/auto-start → ${answer.status} ${answer.text}`);
  }

  const body = JSON.stringify(zoomEventBody(event as SendableEvent, id, Date.now(), { startTime }));
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        'x-zm-signature': zoomSignature(secretToken, timestamp, Buffer.from(body, 'utf8')),
      },
      body,
    });
  } catch (error) {
    if (isRefused(error)) throw new NotRunningError(`at ${url}`, sessionFile(env));
    throw error;
  }
  const text = await response.text();
  console.log(`POST ${url} ${event} (signed) → ${response.status} ${text}`);
  if (!response.ok) return 1;
  if (!session || (event !== 'meeting.started' && event !== 'webinar.started')) return 0;
  const result = (JSON.parse(text) as { result?: string }).result;
  if (result !== 'start handed off') {
    console.log(`no start was queued: ${result}${result === 'not registered for auto-start' ? ' (register it with --register, or PUT …/livestream/auto-start)' : ''}`);
    return result === 'duplicate delivery; handled before' ? 0 : 1;
  }
  return watchStart(session, kind === 'webinars' ? 'webinar' : 'meeting', id as string, { env, ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}) });
}

/**
 * Where to send: the session `npm start` wrote, or WEBHOOK_URL with the API beside it (its key from
 * LOCAL_API_KEY, or the session's when the session is that server's), so that a registration and
 * the event always reach the same server.
 */
function serverOf(env: NodeJS.ProcessEnv): { url: string; secretToken: string; session?: LocalSession } | undefined {
  const saved = readLocalSession(sessionFile(env));
  const url = env.WEBHOOK_URL || saved?.webhookUrl;
  const secretToken = env.LOCAL_WEBHOOK_SECRET_TOKEN || saved?.webhookSecretToken;
  if (!url || !secretToken) return undefined;
  const apiUrl = url.replace(/\/webhooks\/zoom\/?$/, '');
  const apiKey = env.LOCAL_API_KEY || (saved && saved.apiUrl === apiUrl ? saved.apiKey : undefined);
  return { url, secretToken, ...(apiKey ? { session: { apiUrl, apiKey, webhookUrl: url, webhookSecretToken: secretToken } } : {}) };
}

function parseArgs(args: readonly string[]) {
  const positional: string[] = [];
  let register = false;
  let startTime: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--register') register = true;
    else if (arg === '--start-time') startTime = args[++i];
    else positional.push(arg);
  }
  return { positional, register, startTime };
}

if (require.main === module) {
  webhookSend(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
