import type { LiveStreamTarget } from './target';

export type LiveStreamAction = 'start' | 'stop';

/**
 * Settings of a live stream start, as Zoom's `settings` object takes them. Webinars accept only the
 * first two; the input schemas enforce that per target kind.
 */
export interface LiveStreamSettings {
  readonly active_speaker_name?: boolean;
  readonly display_name?: string;
  readonly layout?: 'follow_host' | 'gallery_view' | 'speaker_view';
  readonly close_caption?: 'burnt-in' | 'embedded' | 'off';
}

/** The one thing every event source is turned into. */
export interface LiveStreamCommand {
  readonly target: LiveStreamTarget;
  readonly action: LiveStreamAction;
  readonly settings?: LiveStreamSettings;
}
