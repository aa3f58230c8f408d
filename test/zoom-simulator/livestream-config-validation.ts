import type { FieldError } from './livestream-validation';
import type { StreamTarget } from './types';

export type ValidatedTarget =
  | { readonly ok: true; readonly target: StreamTarget }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const RESOLUTIONS = ['720p', '1080p'];

/** Zoom's schema for `PATCH …/livestream`: three required strings with length limits, a page URI, a resolution. */
export function validateStreamTarget(body: Record<string, unknown>): ValidatedTarget {
  const errors: FieldError[] = [];
  const text = (field: string, min: number, max: number): string | undefined => {
    const value = body[field];
    if (value === undefined) errors.push({ field, message: 'Required field.' });
    else if (typeof value !== 'string') errors.push({ field, message: 'Invalid field.' });
    else if (value.length < min || value.length > max) errors.push({ field, message: `Length must be between ${min} and ${max}.` });
    else return value;
    return undefined;
  };
  const stream_url = text('stream_url', 0, 1024);
  const stream_key = text('stream_key', 1, 512);
  const page_url = text('page_url', 0, 1024);
  if (page_url !== undefined && !isHttpUrl(page_url)) errors.push({ field: 'page_url', message: 'Invalid field.' });
  const { resolution } = body;
  if (resolution !== undefined && !RESOLUTIONS.includes(resolution as string)) errors.push({ field: 'resolution', message: 'Invalid field.' });

  if (errors.length > 0 || stream_url === undefined || stream_key === undefined || page_url === undefined) return { ok: false, errors };
  return {
    ok: true,
    target: { stream_url, stream_key, page_url, ...(resolution !== undefined ? { resolution: resolution as '720p' | '1080p' } : {}) },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
