import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { systemClock, type Clock } from '../../functions/lib/core/clock';
import type { LiveStreamAction } from '../../functions/lib/core/target';
import { logger } from '../../functions/lib/core/logger';
import { lazy, liveStreamDeps, startWorkerDeps, zoomAccess, type Overrides, type ZoomAccess } from '../../functions/lib/handlers/composition-root';
import { createLiveStreamHandler } from '../../functions/lib/handlers/live-stream-handler';
import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import type { MeetingStore } from '../../functions/lib/use-cases/ports';
import { processStartMessage } from '../../functions/lib/use-cases/start-job';
import { InProcessFailureQueue, InProcessStartQueue } from '../../local/in-process-queue';
import { lambdaContext } from '../../local/lambda-context';
import { countedCalls } from '../support/counted-calls';
import { createSecret, motoAwsEnv, startMoto, type MotoServer } from '../support/moto';
import { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, startZoomSimulator, type ZoomSimulator } from '../zoom-simulator';

export const MEETING_ID = SIMULATOR_MEETING_ID;
export const SECRET_NAME = 'zoom-livestream/test';

/** A real moto_server holding the Zoom secret, and the Zoom simulator, both on loopback. */
export interface Backends {
  readonly moto: MotoServer;
  readonly zoom: ZoomSimulator;
  /** The function environment pointing at both. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startBackends(): Promise<Backends> {
  const [moto, zoom] = await Promise.all([startMoto(), startZoomSimulator({ meetings: [MEETING_ID] })]);
  // The AWS SDK reads its endpoint and credentials from process.env, as it does in Lambda.
  Object.assign(process.env, motoAwsEnv(moto.endpoint));
  await createSecret(moto.endpoint, SECRET_NAME, JSON.stringify(SIMULATOR_CREDENTIALS));
  const env = {
    ZOOM_SECRET_ID: SECRET_NAME,
    ZOOM_API_BASE_URL: zoom.apiBaseUrl,
    ZOOM_OAUTH_TOKEN_URL: zoom.tokenUrl,
  };
  return {
    moto,
    zoom,
    env,
    close: async () => {
      await Promise.all([moto.stop(), zoom.close()]);
    },
  };
}

/** The stores and queues of a container of its own: memory store and failures, in-process queues. */
export interface FreshServices {
  /** Typed as the port too, so that tests may pass a budget as every caller does. */
  readonly store: MemoryMeetingStore & MeetingStore;
  readonly startQueue: InProcessStartQueue;
  readonly failureQueue: InProcessFailureQueue;
  readonly failures: MemoryFailureStore;
}

export function freshServices(clock: Clock = systemClock): FreshServices {
  return { store: new MemoryMeetingStore(), startQueue: new InProcessStartQueue({ clock }), failureQueue: new InProcessFailureQueue(), failures: new MemoryFailureStore() };
}

/**
 * Lets the start worker, built by the composition root over `overrides` as its entry builds it,
 * drain the in-process start queue of `overrides`: a hand-off then runs in this process.
 */
export function drainWithWorker(env: Record<string, string | undefined>, queue: InProcessStartQueue, overrides: () => Overrides): void {
  const worker = lazy(() => startWorkerDeps(env, { ...overrides(), startQueue: queue, lastDelivery: queue.maxReceiveCount }));
  queue.consume(async (message) => (await processStartMessage(message, 120_000, worker())) === 'done');
}

/**
 * A start or stop handler of a container of its own (fresh caches and services), built lazily as
 * the entry builds it: a configuration error is the handler's answer, not the test's crash.
 */
export function liveStreamHandler(action: LiveStreamAction, env: Record<string, string | undefined>, options: Overrides = {}) {
  return freshHandler(action, env, options).handler;
}

/**
 * A handler with a container of its own (fresh caches), and that container's Zoom access and call
 * counts to inspect (`counts.secretReads`, `counts.tokenExchanges`): the start worker draining its
 * in-process queue shares them, as one container would.
 */
export function freshHandler(action: LiveStreamAction, env: Record<string, string | undefined>, options: Overrides = {}) {
  const services = freshServices(options.clock);
  const counted = countedCalls(env, options);
  const access = lazy((): ZoomAccess => options.zoomAccess ?? zoomAccess(env, { ...options, ...counted.overrides }));
  const overrides = (): Overrides => ({ ...options, ...services, zoomAccess: access() });
  drainWithWorker(env, services.startQueue, overrides);
  return {
    handler: createLiveStreamHandler(action, lazy(() => liveStreamDeps(env, overrides()))),
    get runtime() {
      return { ...access(), clock: options.clock ?? systemClock };
    },
    counts: counted.counts,
    services,
  };
}

/** A real-shaped event from `events/`, copied so a test may change it. */
export function loadEvent<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, '../../events', name), 'utf8')) as T;
}

export function context(remainingMs = 120_000): Context {
  return lambdaContext('test', remainingMs);
}

/** Every line written to stdout/stderr while `run` runs (the logger writes there). */
export function captureOutput() {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }),
  );
  return {
    lines,
    restore: () => spies.forEach((spy) => spy.mockRestore()),
    json: () => lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function parseBody(response: unknown): any {
  return JSON.parse((response as { body: string }).body);
}

/**
 * Runs `run` with the logger writing at WARN and its lines captured, for a 5xx whose detail goes to
 * the log only: the test reads the detail there and checks the answer does not carry it.
 */
export async function withLog<T>(run: () => Promise<T>): Promise<{ result: T; log: string; errorMessages: string[] }> {
  const output = captureOutput();
  logger.setLogLevel('WARN');
  try {
    const result = await run();
    const errorMessages = output.json().flatMap((line) => (typeof line.errorMessage === 'string' ? [line.errorMessage] : []));
    return { result, log: output.lines.join('\n'), errorMessages };
  } finally {
    logger.setLogLevel('SILENT');
    output.restore();
  }
}

/** The body of the generic answer to a configuration error: the request id only, nothing it names. */
export const configurationAnswer = () => ({ code: 'CONFIGURATION_ERROR', message: expect.stringMatching(/see the function log for request \S+/), requestId: expect.any(String) });
