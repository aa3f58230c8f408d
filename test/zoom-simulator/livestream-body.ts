import { MultipartError, multipartBoundary, parseMultipart } from './multipart';
import type { ParsedLiveStreamBody } from './types';

export type DecodedBody =
  | { readonly ok: true; readonly parsed: ParsedLiveStreamBody }
  | { readonly ok: false; readonly message: string; readonly field?: string };

const NOT_JSON_OBJECT = 'Request Body should be a valid JSON object.';

/** Reads `{action, settings}` from a JSON body or from multipart fields (settings as a JSON string). */
export function decodeLiveStreamBody(contentType: string | undefined, body: Buffer): DecodedBody {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json') return decodeJson(body.toString('utf8'));
  if (mediaType === 'multipart/form-data') return decodeMultipart(contentType ?? '', body);
  return { ok: false, message: NOT_JSON_OBJECT };
}

function decodeJson(text: string): DecodedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: NOT_JSON_OBJECT };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: NOT_JSON_OBJECT };
  const object = value as Record<string, unknown>;
  return { ok: true, parsed: pick(object.action, object.settings) };
}

function decodeMultipart(contentType: string, body: Buffer): DecodedBody {
  const boundary = multipartBoundary(contentType);
  if (!boundary) return { ok: false, message: 'Invalid multipart body: no boundary.' };
  let fields: Map<string, string>;
  try {
    fields = new Map(parseMultipart(body, boundary).map((part) => [part.name, part.value]));
  } catch (error) {
    if (error instanceof MultipartError) return { ok: false, message: `Invalid multipart body: ${error.message}.` };
    throw error;
  }
  const settingsText = fields.get('settings');
  let settings: unknown;
  if (settingsText !== undefined) {
    try {
      settings = JSON.parse(settingsText);
    } catch {
      return { ok: false, message: 'Validation Failed.', field: 'settings' };
    }
  }
  return { ok: true, parsed: pick(fields.get('action'), settings) };
}

function pick(action: unknown, settings: unknown): ParsedLiveStreamBody {
  return { ...(action !== undefined ? { action } : {}), ...(settings !== undefined ? { settings } : {}) };
}
