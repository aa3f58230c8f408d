import type { LiveStreamTarget } from './target';

/** What the start and stop functions are for. */
export type LiveStreamAction = 'start' | 'stop';
/** What a command asks of Zoom: `mode` changes the view of a running stream (meetings only). */
export type CommandAction = LiveStreamAction | 'mode';

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
  readonly action: CommandAction;
  readonly settings?: LiveStreamSettings;
}
