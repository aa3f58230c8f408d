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
}

export interface FunctionEntry {
  /** The Lambda entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly uses: FunctionUses;
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
    uses: { sharedToken: true },
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
    uses: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], sharedToken: true, sendsToStartQueue: true, sendsToFailureQueue: true, managesSchedules: true, pacesZoomRequests: true },
  },
};
