import axios, { type AxiosResponse } from 'axios';
import { SIMULATOR_CREDENTIALS, type SimulatorAccount, type ZoomSimulator } from '../zoom-simulator';

/** Plain HTTP calls to the simulator; every status is returned, none thrown. */
export const http = axios.create({ validateStatus: () => true, timeout: 10_000 });

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

export function requestToken(
  sim: ZoomSimulator,
  account: SimulatorAccount = SIMULATOR_CREDENTIALS,
  grantType = 'account_credentials',
): Promise<AxiosResponse> {
  return http.post(sim.tokenUrl, undefined, {
    params: { grant_type: grantType, account_id: account.accountId },
    headers: { Authorization: basicAuth(account.clientId, account.clientSecret) },
  });
}

export async function exchangeToken(sim: ZoomSimulator): Promise<string> {
  const response = await requestToken(sim);
  if (response.status !== 200) throw new Error(`token exchange answered ${response.status}`);
  return (response.data as { access_token: string }).access_token;
}

export function patchStatus(
  sim: ZoomSimulator,
  meetingId: string,
  body: unknown,
  token: string | undefined,
): Promise<AxiosResponse> {
  return http.patch(`${sim.apiBaseUrl}/meetings/${meetingId}/livestream/status`, body, {
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
}

export type Kind = 'meetings' | 'webinars';

function bearer(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** `GET /v2/{meetings|webinars}/{id}`. */
export function getMeeting(sim: ZoomSimulator, id: string, token: string | undefined, kind: Kind = 'meetings'): Promise<AxiosResponse> {
  return http.get(`${sim.apiBaseUrl}/${kind}/${id}`, { headers: bearer(token) });
}

/** `PATCH /v2/webinars/{id}/livestream/status` (meetings: `patchStatus`). */
export function patchWebinarStatus(sim: ZoomSimulator, id: string, body: unknown, token: string | undefined): Promise<AxiosResponse> {
  return http.patch(`${sim.apiBaseUrl}/webinars/${id}/livestream/status`, body, {
    headers: { 'Content-Type': 'application/json', ...bearer(token) },
  });
}

/** `GET /v2/{meetings|webinars}/{id}/livestream`. */
export function getStreamConfig(sim: ZoomSimulator, id: string, token: string | undefined, kind: Kind = 'meetings'): Promise<AxiosResponse> {
  return http.get(`${sim.apiBaseUrl}/${kind}/${id}/livestream`, { headers: bearer(token) });
}

/** `PATCH /v2/{meetings|webinars}/{id}/livestream`. */
export function patchStreamConfig(
  sim: ZoomSimulator,
  id: string,
  body: unknown,
  token: string | undefined,
  kind: Kind = 'meetings',
): Promise<AxiosResponse> {
  return http.patch(`${sim.apiBaseUrl}/${kind}/${id}/livestream`, body, {
    headers: { 'Content-Type': 'application/json', ...bearer(token) },
  });
}

/** A call to the unauthenticated control API, `/_simulator/meetings/{id}[/start|/end]`. */
export function control(
  sim: ZoomSimulator,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AxiosResponse> {
  return http.request({ method, url: `${sim.baseUrl}/_simulator/meetings/${path}`, data: body });
}
