import type { FunctionName } from '../http/routes';

/** DynamoDB actions a function's code performs on the meetings table. */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem';

/** What a function's code uses besides the Zoom secret: the stack grants exactly this and sets its variables. */
export interface FunctionUses {
  /** `MEETINGS_TABLE`, with these actions. */
  readonly table?: readonly TableAction[];
  /** The `table` actions only on items whose key matches one of these (`dynamodb:LeadingKeys`). @default every item */
  readonly tableKeys?: readonly string[];
  /**
   * `ZOOM_WEBHOOK_SECRET_ID`: reads the webhook's own secret (its tokens, optionally `accountId`)
   * instead of the Zoom credentials, which a function that never calls Zoom must not hold.
   */
  readonly webhookSecretOnly?: boolean;
  /**
   * `MEETINGS_TABLE` for the fleet's shared Zoom token only: GetItem and UpdateItem on `token#…`
   * items (every function that calls Zoom; those with `table` actions need nothing more).
   */
  readonly sharedToken?: boolean;
  /** `START_QUEUE_URL`: sends to the start queue (hand-offs, continuations). */
  readonly sendsToStartQueue?: boolean;
  /** `START_FAILURE_QUEUE_URL`: parks jobs that can never succeed. */
  readonly sendsToFailureQueue?: boolean;
  /** `SCHEDULE_*`: creates, updates and deletes one-time schedules in the stack's group. */
  readonly managesSchedules?: boolean;
  /** `ZOOM_REQUESTS_PER_SECOND`: its containers share the account's Zoom rate (the start worker). */
  readonly pacesZoomRequests?: boolean;
  /** `MEETINGS_TABLE`: Query on its listing index only (the operator lists). */
  readonly listsTable?: boolean;
  /** `FAILURE_TOPIC_ARN`: publishes each start failure it records to the stack's notification topic. */
  readonly publishesFailures?: boolean;
}

export interface FunctionEntry {
  /** The Lambda entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly uses: FunctionUses;
  /** Whether its code calls Zoom (and so reads the Zoom secret). @default true */
  readonly callsZoom?: boolean;
  /** A folder of the repository copied beside the bundle under its own name (files the code serves). */
  readonly assets?: string;
  /** Lambda's timeout; `npm start` counts each invocation's remaining time down from it too. */
  readonly timeoutSeconds: number;
  /**
   * Whether something invokes it asynchronously (its own schedules, EventBridge rules, direct
   * invokes): the stack then sets Lambda's retries and failure destination. API functions answer
   * API Gateway, and the start worker's failure path is its queue's redrive.
   */
  readonly invokedAsynchronously?: boolean;
}

/**
 * 120 s for start and stop: on their asynchronous path (direct invocations, stop schedules) a call
 * that meets Zoom's live-stream 429 waits out its 30-second Retry-After and tries again; three such
 * waits plus the calls themselves must fit. The HTTP path caps its own budget well inside API
 * Gateway's 29 s, so this does not lengthen it.
 */
const LIVE_STREAM_TIMEOUT_SECONDS = 120;
/** Functions behind API Gateway only: its integration gives up after 29 s anyway. */
const API_TIMEOUT_SECONDS = 30;
/**
 * 60 s: a start job waits for its meeting within one invocation only briefly, then continues through
 * the queue, so a longer timeout would only hold a container; the queue's visibility timeout is six
 * times this.
 */
const START_WORKER_TIMEOUT_SECONDS = 60;

export type CatalogueName = FunctionName | 'startWorker';

/**
 * Every Lambda function of the system, what its code needs and how it is invoked: the stack builds
 * each function from its entry here (description, timeout, asynchronous invocation) and grants it
 * these permissions and nothing more, so code and policy change together; `npm start` serves the
 * same functions with the same timeouts, and the SAM files are checked against the stack built from it.
 */
export const FUNCTIONS: Readonly<Record<CatalogueName, FunctionEntry>> = {
  start: {
    entry: 'functions/start.ts',
    description: 'Starts a live stream (API requests and direct invocations)',
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sharedToken: true, sendsToStartQueue: true },
    timeoutSeconds: LIVE_STREAM_TIMEOUT_SECONDS,
    invokedAsynchronously: true,
  },
  stop: {
    entry: 'functions/stop.ts',
    description: 'Stops a live stream',
    // UpdateItem: it notes the stop, so that keep-alive leaves a stream stopped on purpose alone.
    uses: { table: ['dynamodb:UpdateItem'], sharedToken: true },
    timeoutSeconds: LIVE_STREAM_TIMEOUT_SECONDS,
    invokedAsynchronously: true,
  },
  meetings: {
    entry: 'functions/meetings.ts',
    description: 'Auto-start registrations, stream state and stream configuration',
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sharedToken: true, managesSchedules: true },
    timeoutSeconds: API_TIMEOUT_SECONDS,
  },
  webhook: {
    entry: 'functions/webhook.ts',
    description: "Receives Zoom's signed event notifications",
    // The internet-facing function: registrations read, stream state and deliveries written, nothing else.
    uses: {
      table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      tableKeys: ['meeting#*', 'webinar#*', 'delivery#*'],
      webhookSecretOnly: true,
      sendsToStartQueue: true,
    },
    timeoutSeconds: API_TIMEOUT_SECONDS,
  },
  startWorker: {
    entry: 'functions/start-worker.ts',
    description: 'Drains the start queue: scheduled, webhook and meeting-time starts',
    uses: {
      // PutItem: the record of a failed start (failure#… items).
      table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
      sharedToken: true,
      sendsToStartQueue: true,
      sendsToFailureQueue: true,
      managesSchedules: true,
      pacesZoomRequests: true,
      publishesFailures: true,
    },
    timeoutSeconds: START_WORKER_TIMEOUT_SECONDS,
  },
  operator: {
    entry: 'functions/operator.ts',
    description: "The operator's lists of live streams and failures, and retries of failed starts",
    // GetItem and UpdateItem: a failure and its retry; a retry is a job for the start worker.
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], listsTable: true, sendsToStartQueue: true },
    callsZoom: false,
    timeoutSeconds: API_TIMEOUT_SECONDS,
  },
  console: {
    entry: 'functions/console.ts',
    description: "Serves the operator console's page, script and style",
    uses: {},
    callsZoom: false,
    assets: 'console',
    timeoutSeconds: API_TIMEOUT_SECONDS,
  },
};
