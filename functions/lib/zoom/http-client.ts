import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ZoomUnavailableError } from '../core/errors';

/** Default upper bound for one Zoom request; the time budget may make it shorter. */
export const REQUEST_TIMEOUT_MS = 8000;

/**
 * One axios instance per container: kept-alive connections make warm starts skip the TLS handshake.
 * Every status is returned, not thrown, so that one mapping reads Zoom's answers; redirects are not
 * followed (Zoom's 300 means "invalid meeting id", not "go elsewhere"); HTTP(S)_PROXY variables are
 * not honoured, so tests on loopback and the simulator are never sent through a proxy.
 */
export function createHttpClient(): AxiosInstance {
  return axios.create({
    timeout: REQUEST_TIMEOUT_MS,
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    transitional: { clarifyTimeoutError: true },
  });
}

/**
 * Request options that bound a call's total time. axios's own `timeout` only limits waiting for the
 * first byte; the abort signal also stops an answer that trickles in.
 */
export function deadline(timeoutMs: number): { timeout: number; signal: AbortSignal } {
  return { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
}

/** Failures that prove the request never reached Zoom, so it cannot have been applied. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/**
 * A request that got no answer (timeout, refused or dropped connection). The axios error is not kept:
 * its `config` holds the Authorization header. `changesState`: whether the request would change
 * something at Zoom if it arrived (a read cannot have "already worked").
 */
export function transportFailure(error: unknown, what: string, changesState = true): Error {
  if (!(error instanceof AxiosError)) return error instanceof Error ? error : new Error(String(error));
  const timedOut = error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED' || error.code === 'ERR_CANCELED';
  const reason = timedOut ? 'timed out' : `failed (${error.code ?? error.message})`;
  return new ZoomUnavailableError(`${what} ${reason}`, {}, changesState && !NOT_SENT.has(error.code ?? ''));
}
