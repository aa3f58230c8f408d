import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { ZoomUnavailableError } from './errors';

/** Default upper bound for one Zoom request; the time budget may make it shorter. */
export const REQUEST_TIMEOUT_MS = 8000;

/**
 * One axios instance per container: kept-alive connections make warm starts skip the TLS handshake.
 * Every status is returned, not thrown, so that one mapping reads Zoom's answers; redirects are not
 * followed (Zoom's 300 means "invalid meeting id", not "go elsewhere"); proxies from the environment
 * are ignored because a Lambda function talks to Zoom directly.
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
 * A request that got no answer (timeout, refused or dropped connection). The axios error is not kept:
 * its `config` holds the Authorization header.
 */
export function transportFailure(error: unknown, what: string): Error {
  if (!(error instanceof AxiosError)) return error instanceof Error ? error : new Error(String(error));
  const reason = error.code === 'ETIMEDOUT' ? 'timed out' : `failed (${error.code ?? error.message})`;
  return new ZoomUnavailableError(`${what} ${reason}`);
}
