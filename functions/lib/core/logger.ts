import type { Context } from 'aws-lambda';
import { redact } from './redaction';
import { LiveStreamError, type ZoomDetail } from './errors';
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

export { redact, registerSecret } from './redaction';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };

/**
 * One JSON object per line, with the Lambda context every line needs at 3 a.m. (function, request
 * id, cold start, trace id) and every value passed through the redacting replacer. Hand-written in
 * place of Powertools' Logger, which cost every function about 20 KiB of bundle and 9 ms of each
 * cold start for features this system does not use (sampling, buffering, child loggers, custom
 * formatters): bench/cold-start.ts.
 *
 * The level comes from AWS_LAMBDA_LOG_LEVEL (Lambda's own setting), POWERTOOLS_LOG_LEVEL, then
 * LOG_LEVEL, as Powertools reads them; the function checks LOG_LEVEL's value (config.ts).
 */
export class JsonLogger {
  private level: LogLevel;
  private context: Record<string, unknown> = {};
  private coldStart = true;

  constructor(
    private readonly service: string,
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.level = levelOf(env.AWS_LAMBDA_LOG_LEVEL) ?? levelOf(env.POWERTOOLS_LOG_LEVEL) ?? levelOf(env.LOG_LEVEL) ?? 'INFO';
  }

  setLogLevel(level: LogLevel): void {
    this.level = level;
  }

  /** The invocation every following line belongs to. */
  addContext(context: Context): void {
    this.context = {
      cold_start: this.coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
      ...(process.env._X_AMZN_TRACE_ID ? { xray_trace_id: process.env._X_AMZN_TRACE_ID.split(';')[0]?.replace('Root=', '') } : {}),
    };
    this.coldStart = false;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('DEBUG', message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.write('ERROR', message, fields);
  }

  private write(level: Exclude<LogLevel, 'SILENT'>, message: string, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    // The record's own keys come last, so that no field can pass for them.
    const record = { level, message, timestamp: '', service: this.service, ...this.context, ...fields };
    Object.assign(record, { level, message, timestamp: new Date().toISOString(), service: this.service });
    const line = JSON.stringify(record, redact);
    (RANK[level] >= RANK.WARN ? process.stderr : process.stdout).write(`${line}\n`);
  }
}

function levelOf(value: string | undefined): LogLevel | undefined {
  const upper = value?.trim().toUpperCase();
  if (upper === 'CRITICAL') return 'ERROR';
  if (upper === 'TRACE') return 'DEBUG';
  return upper !== undefined && upper in RANK ? (upper as LogLevel) : undefined;
}

export const logger = new JsonLogger(process.env.POWERTOOLS_SERVICE_NAME ?? 'zoom-livestream');

/** The outcome field of a log line: `ok`, the error's code, or INTERNAL_ERROR for a bug. */
export const outcomeOf = (error: unknown): string =>
  error === undefined ? 'ok' : error instanceof LiveStreamError ? error.code : 'INTERNAL_ERROR';

/** What the caller logs: how it went, whether or not it worked. */
export interface Progress {
  attempts: number;
  zoom: ZoomDetail;
  /** An attempt got no clear answer after it may have reached Zoom (timeout, dropped connection, 5xx). */
  mayHaveApplied: boolean;
}

export const newProgress = (): Progress => ({ attempts: 0, zoom: {}, mayHaveApplied: false });

/** Zoom's side of a request, as every log line carries it. */
export const zoomFields = (progress: Progress) => ({
  zoomStatus: progress.zoom.zoomStatus,
  zoomCode: progress.zoom.zoomCode,
  zoomTrackingId: progress.zoom.zoomTrackingId,
  attempts: progress.attempts,
});

/**
 * The one log line per request or job: enough to answer "what happened to meeting X at 08:55?".
 * Refusals the caller can fix are warnings; failures of the system or Zoom are errors.
 */
export function logOutcome(message: string, fields: Record<string, unknown>, error?: unknown): void {
  // A caller may place `outcome` itself, next to the fields it belongs with.
  const line = 'outcome' in fields ? fields : { ...fields, outcome: outcomeOf(error) };
  if (error === undefined) logger.info(message, line);
  else if (error instanceof LiveStreamError) logger[error.httpStatus >= 500 ? 'error' : 'warn'](message, { ...line, errorMessage: error.message });
  else logger.error(message, { ...line, error: unexpected(error) });
}

/** A bug's error for the log: its stack mapped to the TypeScript lines, its message kept. */
function unexpected(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message, stack: sourceMappedStack(error) };
}

export function logRetry(attempt: number, waitMs: number, error: Error): void {
  logger.debug('retrying', { attempt, waitMs, reason: error.name, errorMessage: error.message });
}

/** Milliseconds since `since` (a `performance.now()`), for the log line's `durationMs`. */
export const elapsedMs = (since: number): number => Math.round(performance.now() - since);

const maps = new Map<string, SourceMap | undefined>();
const FRAME = /(?:file:\/\/)?(\/[^\s():]+\.[cm]?js):(\d+):(\d+)/;

/**
 * `error.stack` with the bundle's frames pointing at the TypeScript sources, read from the source
 * map beside the bundle. Done only when an unexpected error is logged, so that no cold start pays
 * for parsing the map (which `--enable-source-maps` would do on every one). Frames without a map
 * beside their file (running from source, Node's own) are left as they are.
 */
export function sourceMappedStack(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .map((line) => line.replace(FRAME, (frame, file: string, line: string, column: string) => mapFrame(file, Number(line), Number(column)) ?? frame))
    .join('\n');
}

function mapFrame(file: string, line: number, column: number): string | undefined {
  const map = mapOf(file);
  const entry = map?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
  return `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
}

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const mapFile = `${file}.map`;
      if (existsSync(mapFile)) map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}
