/** Credentials of one Server-to-Server OAuth app, as Zoom's app marketplace shows them. */
export interface SimulatorAccount {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Zoom's meeting status, plus `ended` and `gone` (deleted), which Zoom's GET answers as `waiting` and
 * 404 code 3001 respectively.
 */
export type MeetingStatus = 'waiting' | 'started' | 'ended' | 'gone';

/** Meetings: 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time. */
export type MeetingType = 1 | 2 | 3 | 8;
/** Webinars: 5 webinar, 6 recurring without fixed time, 9 recurring with fixed time. */
export type WebinarType = 5 | 6 | 9;

export type StreamResolution = '720p' | '1080p';

/** A meeting's custom live streaming target, as `PATCH /meetings/{id}/livestream` sets it. */
export interface StreamTarget {
  readonly stream_url: string;
  readonly stream_key: string;
  readonly page_url: string;
  readonly resolution?: StreamResolution;
}

/** One occurrence of a type 8 (or 9) meeting, as Zoom lists it. */
export interface Occurrence {
  /** Start in ms since the epoch, as a string, like Zoom's. */
  readonly occurrence_id: string;
  /** `YYYY-MM-DDTHH:mm:ssZ`. */
  readonly start_time: string;
  readonly duration: number;
  readonly status: 'available' | 'deleted';
}

/** An occurrence as given to the simulator; missing fields are derived from `start_time` and the meeting. */
export interface OccurrenceInput {
  readonly occurrence_id?: string;
  /** Any time `Date.parse` reads; stored as `YYYY-MM-DDTHH:mm:ssZ`. */
  readonly start_time: string;
  readonly duration?: number;
  readonly status?: 'available' | 'deleted';
}

/** Fields `updateMeeting` (and `PATCH /_simulator/meetings/{id}`) may change, named as on the wire. */
export interface MeetingPatch {
  readonly type?: MeetingType | WebinarType;
  readonly topic?: string;
  readonly start_time?: string;
  readonly duration?: number;
  readonly timezone?: string;
  readonly occurrences?: readonly OccurrenceInput[];
}

export interface MeetingOptions {
  /**
   * Whether the meeting's custom live stream (URL, key, page) is set up; true without `stream` gives it
   * a fake default target. @default true
   */
  readonly streamConfigured?: boolean;
  /** The configured stream target; implies `streamConfigured`. */
  readonly stream?: StreamTarget;
  /** Ignored when `startsAt` is given. @default 'started' */
  readonly status?: Exclude<MeetingStatus, 'gone'>;
  /**
   * Simulator-clock ms at which a waiting meeting starts by itself: `waiting` before, `started` from
   * then on (no webhook is sent for this flip). Independent of `startTime`. Cleared by
   * `startMeeting`, `endMeeting`, `deleteMeeting` and `setMeetingStatus`.
   */
  readonly startsAt?: number;
  /** @default 2 for a meeting, 5 for a webinar */
  readonly type?: MeetingType | WebinarType;
  /** @default `Simulated meeting <id>` */
  readonly topic?: string;
  /** Scheduled start, any time `Date.parse` reads. @default the simulator clock at creation, rounded down to the minute */
  readonly startTime?: string;
  /** Minutes. @default 60 */
  readonly duration?: number;
  /** IANA zone. @default 'UTC' */
  readonly timezone?: string;
  /** For type 8/9 only. @default four weekly occurrences from `startTime` */
  readonly occurrences?: readonly OccurrenceInput[];
  /** Lives under `/v2/webinars/{id}` instead of `/v2/meetings/{id}`. @default false */
  readonly webinar?: boolean;
}

export interface LiveStreamSettings {
  active_speaker_name?: boolean;
  display_name?: string;
  layout?: string;
  close_caption?: string;
  [key: string]: unknown;
}

export interface MeetingState {
  /** The live STREAM's status (not the meeting's: see `meetingStatus`). */
  readonly status: 'started' | 'stopped';
  readonly streamConfigured: boolean;
  /** The meeting's own status, computed against the simulator clock. */
  readonly meetingStatus: MeetingStatus;
  /** Whether the stream is live right now. */
  readonly live: boolean;
  /** The configured stream target, undefined when none. */
  readonly stream?: StreamTarget;
  /** Accepted `PATCH …/livestream` (configuration) requests since creation or `reset()`. */
  readonly configUpdates: number;
  readonly webinar: boolean;
  /** Settings of the stream: those of the last accepted start, with accepted `mode` changes over them. */
  readonly settings?: LiveStreamSettings;
  /** Simulator clock (ms) of the last accepted start. */
  readonly lastStartAt?: number;
  readonly starts: number;
  readonly stops: number;
  /** Accepted `mode` changes. */
  readonly modes: number;
}

/**
 * Which endpoint a fault applies to: `livestream` the live stream status PATCH (meetings and
 * webinars), `livestreamConfig` `GET`/`PATCH …/livestream`, `meeting` `GET /meetings|webinars/{id}`,
 * `token` the OAuth endpoint. @default 'livestream'
 */
export type FaultTarget = 'livestream' | 'livestreamConfig' | 'meeting' | 'token';

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
  /** Meeting or webinar id taken from a `/v2/meetings/{id}…` or `/v2/webinars/{id}…` path, as sent. */
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
  /**
   * For `npm start`: every well-formed meeting id exists, running with a configured stream, plus the
   * scheduled demo meeting `SIMULATOR_SCHEDULED_MEETING_ID`. @default false
   */
  readonly embedded?: boolean;
  /** Accounts accepted besides `SIMULATOR_CREDENTIALS`. */
  readonly accounts?: readonly SimulatorAccount[];
  /** Meeting ids that exist from the start, running, with a configured stream. */
  readonly meetings?: readonly string[];
  /** `expires_in` of issued tokens. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Clock in ms for tokens, the repeated-start window, meeting status, rate limits and webhooks. @default Date.now */
  readonly now?: () => number;
  /** Window in which a second start is refused with 429. @default 30000 */
  readonly repeatedStartWindowMs?: number;
  /** Add `Retry-After` (seconds left in the window) to the repeated-start 429; Zoom documents none. @default false */
  readonly repeatedStartRetryAfter?: boolean;
  /** Status for bad client credentials at the token endpoint. @default 400 */
  readonly invalidClientStatus?: 400 | 401;
  /**
   * HTTP status for a malformed meeting id on the meeting live stream routes (code 300 either way).
   * `GET /meetings/{id}` always answers 400, webinar routes always 400. @default 300
   */
  readonly invalidIdStatus?: 300 | 400;
  /** Scopes granted to every token, now and later. @default SIMULATOR_SCOPES (all) */
  readonly scopes?: readonly string[];
  /** Code for a token lacking a scope: 4700 as HTTP 401, 4711 as HTTP 400. @default 4700 */
  readonly missingScopeCode?: 4700 | 4711;
  /**
   * Light-category requests per simulator-clock second per account; `Infinity` for none.
   * @default none, or 30 in embedded mode
   */
  readonly lightRateLimitPerSecond?: number;
  /**
   * Time every `/v2/…` answer takes, on the real clock (Zoom's own answers take about 100–300 ms;
   * benchmarks set it so that concurrency, not loopback speed, shapes the traffic). @default 0
   */
  readonly latencyMs?: number;
  /** Where to send signed event notifications. @default none (no events sent) */
  readonly webhooks?: WebhookConfig;
}

export interface WebhookConfig {
  readonly url: string;
  /** The app's "Secret Token", the HMAC key of `x-zm-signature`. */
  readonly secretToken: string;
  /** How long to wait for the receiver's answer. @default 3000 (Zoom's limit) */
  readonly timeoutMs?: number;
}

/** One attempt to deliver an event notification. */
export interface WebhookDelivery {
  readonly event: string;
  /** 1 for the first attempt, 2 for the one redelivery. */
  readonly attempt: 1 | 2;
  readonly url: string;
  /** Lower-case names, as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes sent (UTF-8), identical across attempts. */
  readonly body: string;
  /** HTTP status answered; undefined when the attempt failed (see `error`). */
  readonly status?: number;
  readonly responseBody?: string;
  /** Network error or timeout. */
  readonly error?: string;
}

/** How an event's delivery ended: the last attempt's status (0 when it failed) and answer body. */
export interface WebhookResult {
  readonly status: number;
  readonly body: string;
}
