import type { Occurrence, OccurrenceInput } from './types';
import { toZoomTime } from './zoom-time';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const DEFAULT_COUNT = 4;

/** Fills what a test left out the way Zoom would: the id is the start in ms, as a string. */
export function normalizeOccurrences(inputs: readonly OccurrenceInput[], duration: number): Occurrence[] {
  return inputs.map((input) => {
    const start_time = toZoomTime(input.start_time);
    return {
      occurrence_id: input.occurrence_id ?? String(Date.parse(start_time)),
      start_time,
      duration: input.duration ?? duration,
      status: input.status ?? 'available',
    };
  });
}

/** A recurring meeting with a fixed time needs occurrences; weekly ones are the commonest case. */
export function weeklyOccurrences(startTime: string, duration: number): Occurrence[] {
  const first = Date.parse(startTime);
  return normalizeOccurrences(
    Array.from({ length: DEFAULT_COUNT }, (_, i) => ({ start_time: new Date(first + i * WEEK_MS).toISOString() })),
    duration,
  );
}
