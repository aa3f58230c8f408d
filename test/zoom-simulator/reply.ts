/** What a route answers; the server adds the tracking id and serialises the body. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function zoomError(status: number, code: number, message: string, extra?: object): Reply {
  return { status, body: { code, message, ...extra } };
}

export const INVALID_TOKEN: Reply = zoomError(401, 124, 'Invalid access token.');
export const EXPIRED_TOKEN: Reply = zoomError(401, 124, 'Access token is expired.');
