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
}

export type CatalogueName = FunctionName | 'startWorker';

/**
 * Every Lambda function of the system and what its code needs: the stack builds each function from
 * its entry here and grants it these permissions and nothing more, so code and policy change together.
 */
export const FUNCTIONS: Readonly<Record<CatalogueName, FunctionEntry>> = {
  start: {
    entry: 'functions/start.ts',
    description: 'Starts a live stream (API requests and direct invocations)',
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sharedToken: true, sendsToStartQueue: true },
  },
  stop: {
    entry: 'functions/stop.ts',
    description: 'Stops a live stream',
    // UpdateItem: it notes the stop, so that keep-alive leaves a stream stopped on purpose alone.
    uses: { table: ['dynamodb:UpdateItem'], sharedToken: true },
  },
  meetings: {
    entry: 'functions/meetings.ts',
    description: 'Auto-start registrations, stream state and stream configuration',
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sharedToken: true, managesSchedules: true },
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
  },
  operator: {
    entry: 'functions/operator.ts',
    description: "The operator's lists of live streams and failures, and retries of failed starts",
    // GetItem and UpdateItem: a failure and its retry; a retry is a job for the start worker.
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], listsTable: true, sendsToStartQueue: true },
    callsZoom: false,
  },
  console: {
    entry: 'functions/console.ts',
    description: "Serves the operator console's page, script and style",
    uses: {},
    callsZoom: false,
    assets: 'console',
  },
};
