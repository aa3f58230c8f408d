import * as path from 'node:path';

const STUBS = path.join(__dirname, 'bundle-stubs');

/**
 * Packages replaced in the functions' bundles by small stand-ins (`infra/bundle-stubs/`), each for
 * a path the functions never take; together about 65 KiB of every bundle and its load time. Each
 * stand-in fails loudly if that path is ever taken.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // The SDK's default credential chain (SSO, STS, ini files, instance metadata): Lambda gives its
  // functions their credentials in environment variables.
  '@aws-sdk/credential-provider-node': path.join(STUBS, 'credential-provider-node.cjs'),
  // form-data's MIME table (137 KB): consulted only for file uploads; the functions append strings.
  'mime-types': path.join(STUBS, 'mime-types.cjs'),
  // axios's redirect and proxy support: the Zoom client sets maxRedirects 0 and proxy false.
  'follow-redirects': path.join(STUBS, 'follow-redirects.cjs'),
  'https-proxy-agent': path.join(STUBS, 'https-proxy-agent.cjs'),
  'proxy-from-env': path.join(STUBS, 'proxy-from-env.cjs'),
  // Node's http2, which axios imports for a transport the Zoom client never uses: loaded on first use.
  http2: path.join(STUBS, 'http2.cjs'),
  // Node's http through require, not as an ES module whose facade loads undici (see the stub).
  http: path.join(STUBS, 'node-http.cjs'),
  'node:http': path.join(STUBS, 'node-http.cjs'),
  // form-data's Symbol.toStringTag helper, without its polyfill chain.
  'es-set-tostringtag': path.join(STUBS, 'es-set-tostringtag.cjs'),
  // The SDK's event-stream codec, loaded on demand by operations that stream events; none is called.
  '@smithy/core/event-streams': path.join(STUBS, 'event-streams.cjs'),
  // DynamoDB's endpoint-discovery cache, and the collections library behind it: discovery is off.
  '@aws-sdk/endpoint-cache': path.join(STUBS, 'endpoint-cache.cjs'),
};

/**
 * ESM output: packages ship ESM builds that tree-shake better (`module` before `main`), about
 * 140 KiB less than CommonJS. CommonJS dependencies still call `require` for Node's own modules,
 * which an ES module lacks: the banner gives it one.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const MAIN_FIELDS = ['module', 'main'];

/** The same options as esbuild's JS API takes them, for the benchmarks that build bundles themselves. */
export function esbuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node' as const,
    target: 'node24',
    format: 'esm' as const,
    mainFields: MAIN_FIELDS,
    alias: { ...BUNDLE_ALIASES },
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning' as const,
  };
}
