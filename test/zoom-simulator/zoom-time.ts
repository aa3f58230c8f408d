const MINUTE_MS = 60_000;

/** Zoom writes times as UTC without milliseconds: `2024-05-01T09:30:00Z`. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Reads any time `Date.parse` reads into Zoom's form; throws on one it cannot. */
export function toZoomTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`Not a time: "${value}"`);
  return zoomTime(ms);
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}
