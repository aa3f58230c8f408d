import { MemoryFailureStore } from '../../functions/lib/memory/memory-failure-store';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { createLiveStreamHandler } from '../../functions/lib/handlers/live-stream-handler';
import { type Services } from '../../functions/lib/handlers/services';
import { wireServices } from '../../functions/lib/handlers/wiring';
import { InProcessFailureQueue, InProcessStartQueue } from '../../local/in-process-queue';
import { MemoryMeetingStore } from '../../functions/lib/memory/memory-meeting-store';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../functions/lib/handlers/runtime';
import type { LiveStreamAction } from '../../functions/lib/core/target';
import { logger } from '../../functions/lib/core/logger';
import { lambdaContext } from '../../local/lambda-context';
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

/**
 * Stores and queues of a container of its own: memory store, in-process start queue consumed by a
 * start job processor of `runtime`, failures kept in memory.
 */
export function freshServices(runtime: Runtime): Services & { startQueue: InProcessStartQueue; failureQueue: InProcessFailureQueue; store: MemoryMeetingStore } {
  const store = new MemoryMeetingStore();
  const startQueue = new InProcessStartQueue({ clock: runtime.clock });
  const failureQueue = new InProcessFailureQueue();
  const failures = new MemoryFailureStore();
  wireServices(runtime, { store, startQueue, failureQueue, failures });
  return { store, startQueue, failureQueue, failures, inProcessQueue: startQueue };
}

/** A start or stop handler over `getRuntime`, with services of its own for starts nobody waits for. */
export function liveStreamHandler(action: LiveStreamAction, getRuntime: () => Runtime) {
  let services: Services | undefined;
  return createLiveStreamHandler(action, { getRuntime, getServices: (runtime) => (services ??= freshServices(runtime)) });
}

/** A handler with a container of its own (fresh caches), and that container's runtime to inspect. */
export function freshHandler(action: LiveStreamAction, env: Record<string, string | undefined>, options: RuntimeOptions = {}) {
  const runtime: Runtime = createRuntime({ ...options, env });
  const services = freshServices(runtime);
  return { handler: createLiveStreamHandler(action, { getRuntime: () => runtime, getServices: () => services }), runtime, services };
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
