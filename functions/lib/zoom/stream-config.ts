import { asRecord } from './json-record';

/** A meeting's custom live stream target, as Zoom's `…/livestream` endpoints take and give it. */
export interface StreamConfig {
  readonly stream_url: string;
  /** A credential: whoever holds it can broadcast to the target. Never logged, never answered whole. */
  readonly stream_key: string;
  readonly page_url: string;
  readonly resolution?: '720p' | '1080p';
}

/** Zoom answers empty strings for a target with no stream configured. */
export function readStreamConfig(data: unknown): StreamConfig | null {
  const record = asRecord(data);
  const field = (name: string): string => (typeof record[name] === 'string' ? (record[name] as string) : '');
  if (field('stream_url') === '' && field('stream_key') === '') return null;
  const resolution = field('resolution');
  return {
    stream_url: field('stream_url'),
    stream_key: field('stream_key'),
    page_url: field('page_url'),
    ...(resolution === '720p' || resolution === '1080p' ? { resolution } : {}),
  };
}

/** Shorter keys are not shown at all: four characters would be half of them. */
const MIN_KEY_LENGTH_TO_HINT = 8;

/** The stream as answers show it: the key reduced to at most its last four characters. */
export function maskedStreamConfig(config: StreamConfig): StreamConfig {
  const key = config.stream_key;
  return { ...config, stream_key: key.length >= MIN_KEY_LENGTH_TO_HINT ? `…${key.slice(-4)}` : '…' };
}
