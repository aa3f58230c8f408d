/** Credentials of one Server-to-Server OAuth app, as Zoom's app marketplace shows them. */
export interface SimulatorAccount {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface MeetingOptions {
  /** Whether the meeting's custom live stream (URL, key, page) is set up. @default true */
  readonly streamConfigured?: boolean;
}

export interface LiveStreamSettings {
  active_speaker_name?: boolean;
  display_name?: string;
  layout?: string;
  close_caption?: string;
  [key: string]: unknown;
}

export interface MeetingState {
  readonly status: 'started' | 'stopped';
  readonly streamConfigured: boolean;
  /** Settings sent with the last accepted start. */
  readonly settings?: LiveStreamSettings;
  /** Simulator clock (ms) of the last accepted start. */
  readonly lastStartAt?: number;
  readonly starts: number;
  readonly stops: number;
}

/** Which endpoint a fault applies to. @default 'livestream' */
export type FaultTarget = 'livestream' | 'token';

export type Fault =
  | { readonly type: 'status'; readonly status: number; readonly body?: unknown; readonly target?: FaultTarget }
  | { readonly type: 'slow'; readonly delayMs: number; readonly target?: FaultTarget }
  | { readonly type: 'drop'; readonly target?: FaultTarget }
  | { readonly type: 'rateLimit'; readonly retryAfter?: string; readonly body?: unknown; readonly target?: FaultTarget };

export interface ParsedLiveStreamBody {
  readonly action?: unknown;
  readonly settings?: unknown;
}

export interface RecordedRequest {
  /** 1-based order of arrival. */
  readonly seq: number;
  /** Simulator clock (ms) when the request arrived. */
  readonly at: number;
  readonly method: string;
  /** Path as sent (not normalised), without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names; `authorization` reduced to `<scheme> <redacted>`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Scheme of the Authorization header (`Bearer`, `Basic`, …), undefined when absent. */
  readonly authScheme?: string;
  /** True when the request's credentials (Bearer token or Basic client id/secret) were accepted. */
  authorized: boolean;
  readonly contentType?: string;
  readonly bodyText: string;
  /** `{action, settings}` as decoded from a JSON or multipart live stream body. */
  parsed?: ParsedLiveStreamBody;
  /** Meeting id taken from the live stream path, as sent. */
  meetingId?: string;
  /** The fault that answered this request instead of the normal route, if any. */
  fault?: Fault['type'];
  /** Status answered; undefined while pending or when the connection was dropped. */
  status?: number;
  readonly trackingId: string;
}

export interface ZoomSimulatorOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Every well-formed meeting id exists with a configured stream (for `npm start`). @default false */
  readonly embedded?: boolean;
  /** Accounts accepted besides `SIMULATOR_CREDENTIALS`. */
  readonly accounts?: readonly SimulatorAccount[];
  /** Meeting ids that exist with a configured stream from the start. */
  readonly meetings?: readonly string[];
  /** `expires_in` of issued tokens. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Clock in ms for token expiry and the repeated-start window. @default Date.now */
  readonly now?: () => number;
  /** Window in which a second start is refused with 429. @default 30000 */
  readonly repeatedStartWindowMs?: number;
  /** Add `Retry-After` (seconds left in the window) to the repeated-start 429; Zoom documents none. @default false */
  readonly repeatedStartRetryAfter?: boolean;
  /** Status for bad client credentials at the token endpoint. @default 400 */
  readonly invalidClientStatus?: 400 | 401;
}
