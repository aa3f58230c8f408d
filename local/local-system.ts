import { randomBytes } from 'node:crypto';
import { InProcessFailureQueue, InProcessStartQueue } from './in-process-queue';
import { TimerStartScheduler } from '../functions/lib/memory/timer-start-scheduler';
import { systemClock, type Clock } from '../functions/lib/core/clock';
import { logger } from '../functions/lib/core/logger';
import { lazy, liveStreamDeps, meetingsDeps, sharedStores, startWorkerDeps, webhookDeps, type Overrides } from '../functions/lib/handlers/composition-root';
import { createLiveStreamHandler } from '../functions/lib/handlers/live-stream-handler';
import { createMeetingsHandler } from '../functions/lib/handlers/meetings-handler';
import { createWebhookHandler } from '../functions/lib/handlers/webhook-handler';
import type { MeetingStore } from '../functions/lib/use-cases/ports';
import { processStartMessage } from '../functions/lib/use-cases/start-job';
import type { FunctionName } from '../functions/lib/http/routes';
import { SIMULATOR_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../test/zoom-simulator';
import { operatorHandlers } from './console-handlers';
import { startLocalApi, type LocalApi, type LocalHandler } from './local-api';
import { readListenAddress } from './listen-address';
import { handleControl } from './local-control';
import { runSchedules, type Fired } from './local-schedules-runner';
import { TimeBudget } from '../functions/lib/core/time-budget';
import type { ScheduleAction, ScheduleEntry } from '../infra/schedule-config';

/** Secret id shown in logs when `npm start` supplies its own credentials for the simulator. */
export const EMBEDDED_SECRET_ID = 'local/embedded-zoom-credentials';

type Env = Readonly<Record<string, string | undefined>>;

/** The functions as `npm start` runs them, with the Zoom, secret, store and queue they talk to. */
export interface LocalFunctions {
  readonly handlers: Readonly<Record<FunctionName, LocalHandler>>;
  /** Present when no ZOOM_API_BASE_URL was given. */
  readonly simulator?: ZoomSimulator;
  readonly secretId: string;
  readonly zoomApiBaseUrl: string;
  /** The embedded secret's webhook secret token; undefined when ZOOM_SECRET_ID names a real secret. */
  readonly webhookSecretToken?: string;
  /** The store every local function shares. */
  readonly store: MeetingStore;
  /** Where registrations and stream state live, in words. */
  readonly storeDescription: string;
  readonly startQueue: InProcessStartQueue;
  readonly failures: InProcessFailureQueue;
  readonly scheduler: TimerStartScheduler | undefined;
  close(): Promise<void>;
}

export interface LocalSystem extends LocalFunctions {
  readonly api: LocalApi;
  readonly apiKey: string;
  readonly webhookUrl: string;
}

export interface LocalOptions {
  readonly clock?: Clock;
  /** The configured schedules, fired at their times and on request (`npm run schedule:fire`). @default none */
  readonly schedules?: readonly ScheduleEntry[];
  /** Told each firing of a schedule. */
  readonly onScheduleFired?: (entry: ScheduleEntry, action: ScheduleAction, outcome: Fired | Error) => void;
  /** How often a waiting start reads Zoom's status. @default 10 s */
  readonly pollIntervalMs?: number;
}

/**
 * The functions configured as `npm start` runs them: by default against the embedded Zoom
 * simulator with an embedded secret it accepts (plus a webhook secret token); the functions'
 * variables swap either for the real thing. Each function is built by the composition root as
 * deployed functions are, with a Zoom client and caches of its own as deployed functions have
 * containers of their own; they share one store, one start queue drained by a start worker in this
 * process, and timers for starts at Zoom's meeting times.
 */
export async function startLocalFunctions(env: Env = process.env, options: LocalOptions = {}): Promise<LocalFunctions> {
  if (env.ZOOM_API_BASE_URL && !env.ZOOM_SECRET_ID) {
    throw new Error('ZOOM_API_BASE_URL is set but ZOOM_SECRET_ID is not: the embedded secret only works with the embedded Zoom simulator');
  }
  const clock = options.clock ?? systemClock;
  const simulator = env.ZOOM_API_BASE_URL ? undefined : await startZoomSimulator({ embedded: true });
  const webhookSecretToken = env.ZOOM_SECRET_ID ? undefined : env.LOCAL_WEBHOOK_SECRET_TOKEN || randomBytes(18).toString('base64url');
  const functionEnv: Record<string, string | undefined> = {
    ...env,
    ZOOM_SECRET_ID: env.ZOOM_SECRET_ID ?? EMBEDDED_SECRET_ID,
    ZOOM_API_BASE_URL: simulator?.apiBaseUrl ?? env.ZOOM_API_BASE_URL,
    ZOOM_OAUTH_TOKEN_URL: simulator?.tokenUrl ?? env.ZOOM_OAUTH_TOKEN_URL,
  };
  const base: Overrides = {
    clock,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(env.ZOOM_SECRET_ID ? {} : { readSecret: async () => JSON.stringify({ ...SIMULATOR_CREDENTIALS, webhookSecretToken }) }),
  };
  const startQueue = new InProcessStartQueue({
    clock,
    onDeadLetter: (message) => logger.error('start queue message failed every delivery', { body: message.body }),
  });
  const failures = new InProcessFailureQueue((entry) => logger.error('start job parked in the failure queue', { code: entry.code, errorMessage: entry.message }));
  // MEETINGS_TABLE (and the AWS variables) still select DynamoDB, SCHEDULE_* still EventBridge; the queue always runs here.
  const scheduler = functionEnv.SCHEDULE_GROUP ? undefined : new TimerStartScheduler(clock, startQueue);
  const overrides: Overrides = {
    ...base,
    ...sharedStores(functionEnv, base),
    startQueue,
    failureQueue: failures,
    ...(scheduler ? { scheduler } : {}),
    lastDelivery: startQueue.maxReceiveCount,
  };
  // Built on the first message, like a function's parts: a bad variable then fails that job (and
  // says so in its log line) instead of npm start itself.
  const worker = lazy(() => startWorkerDeps(functionEnv, overrides));
  startQueue.consume(async (message) => (await processStartMessage(message, 120_000, worker())) === 'done');

  const handlers: Record<FunctionName, LocalHandler> = {
    start: createLiveStreamHandler('start', lazy(() => liveStreamDeps(functionEnv, overrides))),
    stop: createLiveStreamHandler('stop', lazy(() => liveStreamDeps(functionEnv, overrides))),
    meetings: createMeetingsHandler(lazy(() => meetingsDeps(functionEnv, overrides))),
    webhook: createWebhookHandler(lazy(() => webhookDeps(functionEnv, overrides))),
    ...operatorHandlers(functionEnv, overrides),
  };
  return {
    handlers,
    simulator,
    secretId: functionEnv.ZOOM_SECRET_ID as string,
    zoomApiBaseUrl: functionEnv.ZOOM_API_BASE_URL as string,
    webhookSecretToken,
    store: overrides.store as MeetingStore,
    storeDescription: functionEnv.MEETINGS_TABLE ? `DynamoDB table ${functionEnv.MEETINGS_TABLE}` : 'in memory',
    startQueue,
    failures,
    scheduler,
    close: async () => {
      await simulator?.close();
    },
  };
}

/** Everything `npm start` runs: the local API in front of the local functions. */
export async function startLocalSystem(env: Env = process.env, options: LocalOptions = {}): Promise<LocalSystem> {
  const address = readListenAddress(env);
  const functions = await startLocalFunctions(env, options);
  const apiKey = env.LOCAL_API_KEY || randomBytes(18).toString('base64url');
  const clock = options.clock ?? systemClock;
  const schedules = options.schedules ?? [];
  const delivery = { startQueue: functions.startQueue, stop: functions.handlers.stop, clock };
  let stopSchedules = () => {};
  try {
    const control = (method: string, path: string) =>
      handleControl(method, path, {
        ...delivery,
        schedules: () => schedules,
        ...(env.SCHEDULES_FILE ? { schedulesFile: env.SCHEDULES_FILE } : {}),
        store: functions.store,
        failures: functions.failures,
        budget: () => new TimeBudget(clock, 10_000),
      });
    const api = await startLocalApi({ handlers: functions.handlers, apiKey, ...address, control });
    // As the stack's schedules do: starts to the start queue at their times, stops to the stop function.
    stopSchedules = runSchedules(schedules, delivery, options.onScheduleFired ?? (() => {}));
    const webhookUrl = `${api.url}/webhooks/zoom`;
    // The simulator tells the webhook what Zoom would: streams going live and stopping.
    if (functions.simulator && functions.webhookSecretToken) {
      functions.simulator.configureWebhooks({ url: webhookUrl, secretToken: functions.webhookSecretToken });
    }
    return {
      ...functions,
      api,
      apiKey,
      webhookUrl,
      close: async () => {
        stopSchedules();
        await api.close();
        await functions.close();
      },
    };
  } catch (error) {
    stopSchedules();
    await functions.close();
    throw error;
  }
}
