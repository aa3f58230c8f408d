import type * as z from 'zod/mini';
import type { settingsSchema } from '../http/input-schema';
import type { LiveStreamAction } from '../http/routes';

export type { LiveStreamAction };

/** Settings of a live stream start, exactly as Zoom's `settings` object takes them (one schema, one type). */
export type LiveStreamSettings = z.output<typeof settingsSchema>;

/** The one thing every event source is turned into. */
export interface LiveStreamCommand {
  readonly meetingId: string;
  readonly action: LiveStreamAction;
  readonly settings?: LiveStreamSettings;
}
