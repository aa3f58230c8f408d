import type { LiveStreamAction } from './routes';

export type { LiveStreamAction };

/** Settings of a live stream start, exactly as Zoom's `settings` object takes them. */
export interface LiveStreamSettings {
  active_speaker_name?: boolean;
  display_name?: string;
  layout?: 'follow_host' | 'gallery_view' | 'speaker_view';
  close_caption?: 'burnt-in' | 'embedded' | 'off';
}

/** The one thing every event source is turned into. */
export interface LiveStreamCommand {
  readonly meetingId: string;
  readonly action: LiveStreamAction;
  readonly settings?: LiveStreamSettings;
}
