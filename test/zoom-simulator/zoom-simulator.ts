import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue } from './faults';
import { createRequestHandler } from './http-handler';
import { MeetingBook } from './meetings';
import { RequestRecorder } from './recorder';
import { TokenStore } from './token-store';
import type {
  Fault,
  FaultTarget,
  MeetingOptions,
  MeetingState,
  RecordedRequest,
  SimulatorAccount,
  ZoomSimulatorOptions,
} from './types';

/**
 * The default S2S app the simulator accepts. Fake values, public on purpose: tests and `npm start`'s
 * embedded secret use them.
 */
export const SIMULATOR_CREDENTIALS: SimulatorAccount = Object.freeze({
  accountId: 'simAccount0001',
  clientId: 'simClientId0001',
  clientSecret: 'simClientSecret0001',
});

/** A well-formed 11-digit meeting id for examples and tests. */
export const SIMULATOR_MEETING_ID = '85746065432';

/** A loopback HTTP server that answers like Zoom's OAuth and live stream status endpoints. */
export class ZoomSimulator {
  readonly baseUrl: string;
  readonly apiBaseUrl: string;
  readonly tokenUrl: string;
  readonly port: number;

  private exchanges = 0;
  private closed = false;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: (done: boolean) => void }>();

  /** Use `startZoomSimulator`; the constructor expects a listening server. */
  constructor(
    private readonly server: Server,
    private readonly accounts: Map<string, SimulatorAccount>,
    private readonly tokens: TokenStore,
    private readonly meetings: MeetingBook,
    private readonly faults: FaultQueue,
    private readonly recorder: RequestRecorder,
    private readonly options: Required<Pick<ZoomSimulatorOptions, 'tokenTtlSeconds' | 'repeatedStartWindowMs' | 'repeatedStartRetryAfter' | 'invalidClientStatus'>> & { now: () => number },
  ) {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.port = address.port;
    this.baseUrl = `http://${host}:${address.port}`;
    this.apiBaseUrl = `${this.baseUrl}/v2`;
    this.tokenUrl = `${this.baseUrl}/oauth/token`;
    server.on('request', createRequestHandler({
      recorder,
      faults,
      now: options.now,
      delay: (ms) => this.delay(ms),
      tokenDeps: () => ({
        accountsByClientId: this.accounts,
        tokens: this.tokens,
        ttlSeconds: this.options.tokenTtlSeconds,
        apiUrl: this.baseUrl,
        invalidClientStatus: this.options.invalidClientStatus,
        onExchange: () => {
          this.exchanges += 1;
        },
      }),
      liveStreamDeps: () => ({
        tokens: this.tokens,
        meetings: this.meetings,
        now: this.options.now,
        repeatedStartWindowMs: this.options.repeatedStartWindowMs,
        repeatedStartRetryAfter: this.options.repeatedStartRetryAfter,
      }),
    }));
  }

  /** Default credentials (`SIMULATOR_CREDENTIALS`). */
  get credentials(): SimulatorAccount {
    return SIMULATOR_CREDENTIALS;
  }

  addAccount(account: SimulatorAccount): void {
    this.accounts.set(account.clientId, { ...account });
  }

  /** A token the API accepts without an exchange (the secret's `accessToken` form). Not counted in `tokenExchanges`. */
  issueStaticToken(options: { accountId?: string; ttlSeconds?: number } = {}): string {
    return this.tokens.issue(options.accountId ?? SIMULATOR_CREDENTIALS.accountId, options.ttlSeconds ?? this.options.tokenTtlSeconds);
  }

  /** Every token issued so far, static ones included, answers 401 code 124 from now on. */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  /** Successful token exchanges since start or the last `reset()`. */
  get tokenExchanges(): number {
    return this.exchanges;
  }

  /** Adds (or replaces, state cleared) a meeting. */
  addMeeting(meetingId: string, options?: MeetingOptions): void {
    this.meetings.add(meetingId, options);
  }

  removeMeeting(meetingId: string): void {
    this.meetings.remove(meetingId);
  }

  /** undefined for a meeting the simulator does not know (yet, in embedded mode). */
  meetingState(meetingId: string): MeetingState | undefined {
    return this.meetings.state(meetingId);
  }

  /** Queues faults; each is used by one request to its target (`livestream` unless `target: 'token'`), in order. */
  injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  pendingFaults(target?: FaultTarget): number {
    return this.faults.pending(target);
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorder.all;
  }

  /** Requests to the REST API (`/v2/…`). */
  get apiRequests(): readonly RecordedRequest[] {
    return this.recorder.all.filter((r) => r.path.startsWith('/v2/'));
  }

  /** Requests to the OAuth token endpoint, failed ones included. */
  get tokenRequests(): readonly RecordedRequest[] {
    return this.recorder.all.filter((r) => r.path === '/oauth/token');
  }

  clearRequests(): void {
    this.recorder.clear();
  }

  /**
   * Clears faults, recorded requests, the exchange counter and every meeting's stream state. Keeps
   * accounts, meetings and issued tokens, so a handler's cached token stays valid across tests.
   */
  reset(): void {
    this.faults.clear();
    this.recorder.clear();
    this.meetings.resetStates();
    this.exchanges = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pendingDelays) {
      clearTimeout(pending.timer);
      pending.resolve(false);
    }
    this.pendingDelays.clear();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive clients would otherwise hold close() open.
      this.server.closeAllConnections();
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

export async function startZoomSimulator(options: ZoomSimulatorOptions = {}): Promise<ZoomSimulator> {
  const now = options.now ?? Date.now;
  const accounts = new Map<string, SimulatorAccount>();
  for (const account of [SIMULATOR_CREDENTIALS, ...(options.accounts ?? [])]) accounts.set(account.clientId, { ...account });
  const meetings = new MeetingBook(options.embedded ?? false);
  for (const id of options.meetings ?? []) meetings.add(id);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new ZoomSimulator(server, accounts, new TokenStore(now), meetings, new FaultQueue(), new RequestRecorder(), {
    now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    repeatedStartWindowMs: options.repeatedStartWindowMs ?? 30_000,
    repeatedStartRetryAfter: options.repeatedStartRetryAfter ?? false,
    invalidClientStatus: options.invalidClientStatus ?? 400,
  });
}
