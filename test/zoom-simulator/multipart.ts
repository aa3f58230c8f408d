export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly value: string;
}

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

/** Reads the boundary parameter of a `multipart/form-data` content type, quoted or not. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its named parts. Small on purpose: text fields
 * only, which is all the live stream endpoint takes; anything malformed throws so the route can
 * answer 400 as Zoom does for an unreadable body.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const text = body.toString('utf8');
  const delimiter = `--${boundary}`;
  const sections = text.split(delimiter);
  // sections[0] is the preamble; the closing delimiter leaves a section starting with "--".
  if (sections.length < 2 || !sections.some((s) => s.startsWith('--'))) {
    throw new MultipartError('multipart body has no closing boundary');
  }
  const parts: MultipartPart[] = [];
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    parts.push(parsePart(section));
  }
  return parts;
}

function parsePart(section: string): MultipartPart {
  if (!section.startsWith('\r\n')) throw new MultipartError('boundary not followed by CRLF');
  const headerEnd = section.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new MultipartError('part without header separator');
  const headers = parseHeaders(section.slice(2, headerEnd));
  let value = section.slice(headerEnd + 4);
  // The CRLF before the next delimiter belongs to the delimiter, not to the value.
  if (!value.endsWith('\r\n')) throw new MultipartError('part not terminated by CRLF');
  value = value.slice(0, -2);

  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\b/i.test(disposition)) {
    throw new MultipartError('part without Content-Disposition: form-data');
  }
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) throw new MultipartError('part without a name');
  const filename = dispositionParam(disposition, 'filename');
  const contentType = headers.get('content-type');
  return {
    name,
    value,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('malformed part header');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function dispositionParam(disposition: string, param: string): string | undefined {
  const match = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}
