import { randomBytes } from 'node:crypto';
import { createHandler } from '../functions/lib/handlers/live-stream-handler';
import { lazyRuntime, type RuntimeOptions } from '../functions/lib/handlers/runtime';
import type { LiveStreamAction } from '../functions/lib/http/routes';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../test/zoom-simulator';
import { startLocalApi, type LocalApi, type LocalHandler } from './local-api';

/** Secret id shown in logs when `npm start` supplies its own credentials for the simulator. */
export const EMBEDDED_SECRET_ID = 'local/embedded-zoom-credentials';

export interface LocalSystem extends LocalFunctions {
  readonly api: LocalApi;
  readonly apiKey: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The functions as `npm start` runs them, with the Zoom and secret they talk to. */
export interface LocalFunctions {
  readonly handlers: Readonly<Record<LiveStreamAction, LocalHandler>>;
  /** Present when no ZOOM_API_BASE_URL was given. */
  readonly simulator?: ZoomSimulator;
  readonly secretId: string;
  readonly zoomApiBaseUrl: string;
  close(): Promise<void>;
}

/**
 * The two handlers configured as CONTRACT.md's "Running locally" says: by default against the
 * embedded Zoom simulator with an embedded secret it accepts; the contract's variables swap either
 * for the real thing. `npm start` serves them over HTTP; `schedule:fire` invokes them directly.
 */
export async function startLocalFunctions(env: Env = process.env): Promise<LocalFunctions> {
  if (env.ZOOM_API_BASE_URL && !env.ZOOM_SECRET_ID) {
    throw new Error('ZOOM_API_BASE_URL is set but ZOOM_SECRET_ID is not: the embedded secret only works with the embedded Zoom simulator');
  }
  const simulator = env.ZOOM_API_BASE_URL ? undefined : await startZoomSimulator({ embedded: true });
  const functionEnv: Record<string, string | undefined> = {
    ...env,
    ZOOM_SECRET_ID: env.ZOOM_SECRET_ID ?? EMBEDDED_SECRET_ID,
    ZOOM_API_BASE_URL: simulator?.apiBaseUrl ?? env.ZOOM_API_BASE_URL,
    ZOOM_OAUTH_TOKEN_URL: simulator?.tokenUrl ?? env.ZOOM_OAUTH_TOKEN_URL,
  };
  const runtimeOptions: RuntimeOptions = {
    env: functionEnv,
    readSecret: env.ZOOM_SECRET_ID ? undefined : async () => JSON.stringify(SIMULATOR_CREDENTIALS),
  };
  // One runtime per function, as two deployed functions each have containers of their own.
  const handler = (action: LiveStreamAction) => createHandler(action, lazyRuntime(runtimeOptions));
  return {
    handlers: { start: handler('start'), stop: handler('stop') },
    simulator,
    secretId: functionEnv.ZOOM_SECRET_ID as string,
    zoomApiBaseUrl: functionEnv.ZOOM_API_BASE_URL as string,
    close: async () => {
      await simulator?.close();
    },
  };
}

/** Everything `npm start` runs: the local API in front of the local functions. */
export async function startLocalSystem(env: Env = process.env): Promise<LocalSystem> {
  const functions = await startLocalFunctions(env);
  const apiKey = env.LOCAL_API_KEY || randomBytes(18).toString('base64url');
  try {
    const api = await startLocalApi({
      handlers: functions.handlers,
      apiKey,
      port: env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT),
      host: env.HOST || '127.0.0.1',
    });
    return {
      ...functions,
      api,
      apiKey,
      close: async () => {
        await api.close();
        await functions.close();
      },
    };
  } catch (error) {
    await functions.close();
    throw error;
  }
}
