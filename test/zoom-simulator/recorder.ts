import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './types';

/** Keeps every request the simulator received, with credentials reduced to their scheme. */
export class RequestRecorder {
  private readonly recorded: RecordedRequest[] = [];
  private seq = 0;

  record(
    req: IncomingMessage,
    url: URL,
    rawPath: string,
    bodyText: string,
    at: number,
    trackingId: string,
  ): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const authScheme = headers.authorization?.trim().split(/\s+/)[0];
    if (headers.authorization !== undefined) headers.authorization = `${authScheme ?? ''} <redacted>`.trim();
    const entry: RecordedRequest = {
      seq: ++this.seq,
      at,
      method: req.method ?? '',
      path: rawPath,
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(authScheme ? { authScheme } : {}),
      authorized: false,
      ...(headers['content-type'] !== undefined ? { contentType: headers['content-type'] } : {}),
      bodyText,
      trackingId,
    };
    this.recorded.push(entry);
    return entry;
  }

  get all(): readonly RecordedRequest[] {
    return [...this.recorded];
  }

  clear(): void {
    this.recorded.length = 0;
  }
}
