import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiSettings } from './api-request';
import type { ArrivalCounter } from './arrival-counter';
import { SIMULATOR_CREDENTIALS } from './constants';
import type { FaultQueue } from './faults';
import { createRequestHandler } from './http-handler';
import type { MeetingLifecycle } from './meeting-lifecycle';
import type { MeetingBook } from './meetings';
import type { LightRateLimiter } from './rate-limiter';
import type { RequestRecorder } from './recorder';
import { SIMULATOR_SCOPES } from './scopes';
import type { TokenStore } from './token-store';
import type {
  Fault,
  FaultTarget,
  MeetingOptions,
  MeetingPatch,
  MeetingState,
  MeetingStatus,
  RecordedRequest,
  SimulatorAccount,
  WebhookConfig,
  WebhookDelivery,
  WebhookResult,
} from './types';
import type { WebhookSender } from './webhook-sender';

/** What `startZoomSimulator` wires together; the simulator owns all of it. */
export interface SimulatorParts {
  readonly server: Server;
  readonly accounts: Map<string, SimulatorAccount>;
  readonly tokens: TokenStore;
  readonly meetings: MeetingBook;
  readonly lifecycle: MeetingLifecycle;
  readonly faults: FaultQueue;
  readonly recorder: RequestRecorder;
  readonly arrivals: ArrivalCounter;
  readonly limiter: LightRateLimiter;
  readonly webhooks: WebhookSender;
  readonly settings: ApiSettings;
  readonly now: () => number;
  readonly tokenTtlSeconds: number;
  readonly invalidClientStatus: 400 | 401;
  readonly latencyMs: number;
}

/** A loopback HTTP server that answers like Zoom's OAuth, meeting and live stream endpoints. */
export class ZoomSimulator {
  readonly baseUrl: string;
  readonly apiBaseUrl: string;
  readonly tokenUrl: string;
  readonly port: number;

  private exchanges = 0;
  private closed = false;
  private latency: number;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: (done: boolean) => void }>();

  /** Use `startZoomSimulator`; the constructor expects a listening server. */
  constructor(private readonly parts: SimulatorParts) {
    this.latency = parts.latencyMs;
    const { server } = parts;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.port = address.port;
    this.baseUrl = `http://${host}:${address.port}`;
    this.apiBaseUrl = `${this.baseUrl}/v2`;
    this.tokenUrl = `${this.baseUrl}/oauth/token`;
    server.on(
      'request',
      createRequestHandler({
        recorder: parts.recorder,
        arrivals: parts.arrivals,
        faults: parts.faults,
        now: parts.now,
        delay: (ms) => this.delay(ms),
        latencyMs: () => this.latency,
        tokenDeps: () => ({
          accountsByClientId: parts.accounts,
          tokens: parts.tokens,
          ttlSeconds: parts.tokenTtlSeconds,
          apiUrl: this.baseUrl,
          invalidClientStatus: parts.invalidClientStatus,
          scope: parts.settings.scopes.join(' '),
          onExchange: () => {
            this.exchanges += 1;
          },
        }),
        apiDeps: {
          tokens: parts.tokens,
          meetings: parts.meetings,
          lifecycle: parts.lifecycle,
          limiter: parts.limiter,
          now: parts.now,
          settings: parts.settings,
        },
        controlDeps: { meetings: parts.meetings, lifecycle: parts.lifecycle },
      }),
    );
  }

  /** Default credentials (`SIMULATOR_CREDENTIALS`). */
  get credentials(): SimulatorAccount {
    return SIMULATOR_CREDENTIALS;
  }

  addAccount(account: SimulatorAccount): void {
    this.parts.accounts.set(account.clientId, { ...account });
  }

  /** A token the API accepts without an exchange (the secret's `accessToken` form). Not counted in `tokenExchanges`. */
  issueStaticToken(options: { accountId?: string; ttlSeconds?: number } = {}): string {
    return this.parts.tokens.issue(options.accountId ?? SIMULATOR_CREDENTIALS.accountId, options.ttlSeconds ?? this.parts.tokenTtlSeconds);
  }

  /** Every token issued so far, static ones included, answers 401 code 124 from now on. */
  revokeTokens(): void {
    this.parts.tokens.revokeAll();
  }

  /** Successful token exchanges since start or the last `reset()`. */
  get tokenExchanges(): number {
    return this.exchanges;
  }

  /**
   * Scopes every token has, issued or not (tokens do not keep the grant they were issued with).
   * undefined grants them all (`SIMULATOR_SCOPES`).
   */
  setScopes(scopes: readonly string[] | undefined): void {
    this.parts.settings.scopes = [...(scopes ?? SIMULATOR_SCOPES)];
  }

  /** Time every `/v2/…` answer takes from now on (real clock). */
  setLatency(ms: number): void {
    this.latency = Math.max(0, ms);
  }

  /** Light requests per simulator-clock second per account; undefined or `Infinity` for none. */
  setLightRateLimit(perSecond: number | undefined): void {
    this.parts.limiter.setLimit(perSecond);
  }

  /** 429s the Light rate limiter answered (injected `rateLimit` faults not included). */
  get rateLimitedCount(): number {
    return this.parts.limiter.refusedCount;
  }

  /** Most `/v2/…` requests that arrived within one simulator-clock second, whatever their answer. */
  get maxRequestsInAnySecond(): number {
    return this.parts.arrivals.max;
  }

  /** Adds (or replaces, state cleared) a meeting: by default a running one with a configured stream. */
  addMeeting(meetingId: string, options?: MeetingOptions): void {
    this.parts.meetings.add(meetingId, options);
  }

  /** `addMeeting` with `webinar: true`: reachable under `/v2/webinars/{id}` only. */
  addWebinar(webinarId: string, options?: Omit<MeetingOptions, 'webinar'>): void {
    this.parts.meetings.add(webinarId, { ...options, webinar: true });
  }

  /** Forgets a meeting entirely (unlike `deleteMeeting`, which keeps it as `gone`). */
  removeMeeting(meetingId: string): void {
    this.parts.meetings.remove(meetingId);
  }

  /** undefined for a meeting the simulator does not know (yet, in embedded mode). */
  meetingState(meetingId: string): MeetingState | undefined {
    return this.parts.meetings.state(meetingId);
  }

  /** The host starts the meeting: status `started`; `meeting.started` is sent if it was not running. Throws for an unknown or deleted one. */
  startMeeting(meetingId: string): void {
    this.parts.lifecycle.start(meetingId);
  }

  /** The host ends it: status `ended`, its live stream stops; `meeting.ended` is sent if it was running. */
  endMeeting(meetingId: string): void {
    this.parts.lifecycle.end(meetingId);
  }

  /**
   * The live stream stops without an API request (the RTMP ingest failed, someone stopped it in
   * the Zoom client): `meeting.live_streaming_stopped` is sent. Throws unless it was live.
   */
  dropStream(meetingId: string): void {
    this.parts.lifecycle.drop(meetingId);
  }

  /** Changes schedule fields and sends `meeting.updated`; throws, changing nothing, on an invalid value. */
  updateMeeting(meetingId: string, patch: MeetingPatch): void {
    this.parts.lifecycle.update(meetingId, patch);
  }

  /** Status `gone` (the API answers 3001), its live stream stops; sends `meeting.deleted`. */
  deleteMeeting(meetingId: string): void {
    this.parts.lifecycle.delete(meetingId);
  }

  /** Sets the status directly, without events; any status but `started` stops a live stream. */
  setMeetingStatus(meetingId: string, status: MeetingStatus): void {
    this.parts.lifecycle.setStatus(meetingId, status);
  }

  /** Queues faults; each is used by one request to its target (`livestream` unless given), in order. */
  injectFaults(...faults: Fault[]): void {
    this.parts.faults.push(...faults);
  }

  pendingFaults(target?: FaultTarget): number {
    return this.parts.faults.pending(target);
  }

  /** Where signed event notifications go from now on; undefined stops sending. */
  configureWebhooks(config: WebhookConfig | undefined): void {
    this.parts.webhooks.configure(config);
  }

  /**
   * Sends any event, payload as given, signed and retried like the others. Resolves with the last
   * attempt's answer (status 0 when it failed); rejects when no webhook URL is configured.
   */
  emitEvent(event: string, payload: object): Promise<WebhookResult> {
    return this.parts.lifecycle.emit(event, payload);
  }

  /** Every delivery attempt finished since start or `reset()`, in order. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.parts.webhooks.deliveries;
  }

  /** Resolves once every event emitted so far is delivered or given up on. */
  whenDelivered(): Promise<void> {
    return this.parts.webhooks.whenDelivered();
  }

  get requests(): readonly RecordedRequest[] {
    return this.parts.recorder.all;
  }

  /** Requests to the REST API (`/v2/…`). */
  get apiRequests(): readonly RecordedRequest[] {
    return this.parts.recorder.all.filter((r) => r.path.startsWith('/v2/'));
  }

  /** Requests to the OAuth token endpoint, failed ones included. */
  get tokenRequests(): readonly RecordedRequest[] {
    return this.parts.recorder.all.filter((r) => r.path === '/oauth/token');
  }

  clearRequests(): void {
    this.parts.recorder.clear();
  }

  /**
   * Clears faults, recorded requests, the exchange counter, every meeting's stream state, rate-limit
   * counters and webhook deliveries. Keeps accounts, meetings (status, schedule, stream target),
   * scopes, limits and issued tokens, so a handler's cached token stays valid across tests.
   */
  reset(): void {
    this.parts.faults.clear();
    this.parts.recorder.clear();
    this.parts.meetings.resetStates();
    this.parts.limiter.clear();
    this.parts.arrivals.clear();
    this.parts.webhooks.clear();
    this.exchanges = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parts.webhooks.close();
    for (const pending of this.pendingDelays) {
      clearTimeout(pending.timer);
      pending.resolve(false);
    }
    this.pendingDelays.clear();
    await new Promise<void>((resolve, reject) => {
      this.parts.server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive clients would otherwise hold close() open.
      this.parts.server.closeAllConnections();
    });
  }

  private delay(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(pending);
          resolve(true);
        }, ms),
        resolve,
      };
      this.pendingDelays.add(pending);
    });
  }
}
