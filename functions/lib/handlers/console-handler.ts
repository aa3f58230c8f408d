import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError } from '../core/errors';
import { readHttpRequest } from '../http/http-request';
import { apiHandler } from './api-handler';

/** The console's files, by the name its routes use; `''` is the page itself (`GET /console`). */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  'favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * No inline script or style, nothing from elsewhere: the page runs only its own module and reads
 * only this API. A value that slipped into the page as markup could still not run.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // A new deploy's files are used at once; they are a few KiB.
  'cache-control': 'no-cache',
};

/**
 * The console function: serves the operator console's page, script and style, the same files
 * bundled with the function and read by `npm start`. No API key (the page asks for it) and no
 * AWS access: it serves nothing but these files.
 */
export function createConsoleHandler(assetsDir: string) {
  const cache = new Map<string, string>();
  const read = (file: string): string => {
    let text = cache.get(file);
    if (text === undefined) cache.set(file, (text = readFileSync(path.join(assetsDir, file), 'utf8')));
    return text;
  };
  return apiHandler('console', 'console request', async (event): Promise<APIGatewayProxyResult> => {
    const request = readHttpRequest(event, 'console');
    const asset = request.params.asset ?? '';
    // Relative links from /console/ would point one level too deep: send the browser to /console,
    // relatively, so that a stage or base path in front stays.
    if (asset === '' && request.path.endsWith('/')) return { statusCode: 308, headers: { ...HEADERS, location: '../console' }, body: '' };
    const entry = FILES[asset];
    if (!entry) throw new NotFoundError(`console/${asset}: no such file (the console has app.js, app.css and favicon.svg)`);
    return { statusCode: 200, headers: { ...HEADERS, 'content-type': entry.type }, body: read(entry.file) };
  });
}
