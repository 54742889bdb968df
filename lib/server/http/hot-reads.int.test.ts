import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import securityHeaders from '../../shared/security-headers.json';
import { serverIdentities } from '../auth/resolve-identity';
import { createToken, revokeToken } from '../auth/tokens/manage-tokens';
import { createUser } from '../auth/users/create-user';
import { getProgress } from '../migration/runs/get-progress';
import { startMigration } from '../migration/runs/start-migration';
import { demoTestBed } from '../migration/testing/demo-test-bed';
import { demoMappingSource, waitForRun } from '../migration/testing/migration-fixture';
import { hotReadFor, serveHotRead } from './hot-reads';

// The launcher's fast path for the two polled answers, in front of a stand-in for Next.js that answers
// 599: what the fast path leaves to the route handler must reach it untouched.
const bed = demoTestBed('ferry-hot-reads-');
process.env.LEGACY_DIR = bed.legacyDir; // read by migrationSource() for the status answer, as in the server
process.env.MAPPING_FILE = path.join(__dirname, '..', 'demo', 'penguinmails-mapping.ts');

const ROUTE_HANDLER = 599;
let server: http.Server;
let base = '';
let runId = '';
const tokens = { operator: '', viewer: '' };
let operatorTokenId = '';

beforeAll(async () => {
  const operator = await createUser(bed.t.db, { email: 'op@example.com', name: 'Op', level: 2, password: 'operator password' });
  const viewer = await createUser(bed.t.db, { email: 'viewer@example.com', name: 'Viewer', level: 3, password: 'viewer password 1' });
  const created = await createToken(bed.t.db, operator.id, { name: 'watcher' });
  tokens.operator = created.token;
  operatorTokenId = created.id;
  tokens.viewer = (await createToken(bed.t.db, viewer.id, { name: 'stakeholder' })).token;
  runId = (await startMigration({ db: bed.t.db, actor: 'test', source: demoMappingSource(bed.legacyDir) })).runId;
  await waitForRun(bed.t.db, runId, ['completed']);
  server = http.createServer((req, res) => {
    const routeHandler = () => res.writeHead(ROUTE_HANDLER).end('route handler');
    const hot = hotReadFor(req);
    if (!hot) return void routeHandler();
    void serveHotRead(bed.t.db, req, res, hot).then((served) => served || routeHandler());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await serverIdentities().close();
});

const get = (pathname: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${base}${pathname}`, { method, headers });
/** A GET with the path exactly as given (fetch would resolve `..`). */
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    http.get({ hostname, port, path: pathname, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    }).on('error', reject);
  });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('hot reads', () => {
  it('answers progress and status like their route handlers: the same reading, JSON, no-store and the security headers', async () => {
    const progress = await get('/api/migration/progress', { ...bearer(tokens.operator), 'x-request-id': 'watcher-0001' });
    expect(progress.status).toBe(200);
    expect(progress.headers.get('content-type')).toBe('application/json');
    expect(progress.headers.get('cache-control')).toBe('no-store');
    expect(progress.headers.get('x-request-id')).toBe('watcher-0001');
    for (const { key, value } of securityHeaders) expect(progress.headers.get(key)).toBe(value);
    const reading = (await progress.json()) as { runId: string; state: string; processed: number };
    const direct = await getProgress(bed.t.db, runId);
    expect(reading).toMatchObject({ runId, state: 'completed', processed: direct.processed, total: direct.total });
    expect((await get(`/api/migration/progress?runId=${runId}`, bearer(tokens.operator))).status).toBe(200);
    const status = await get('/api/migration/status', bearer(tokens.viewer));
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ mode: 'legacy', lastRun: { runId, state: 'completed' } });
  });

  it('leaves to the route handler whatever it would refuse or fail: a level too low, an unknown or revoked token, an unknown run', async () => {
    expect((await get('/api/migration/progress', bearer(tokens.viewer))).status).toBe(ROUTE_HANDLER); // level 3 < 2: the handler answers 403
    expect((await get('/api/migration/progress', bearer(`fry_${'x'.repeat(43)}`))).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress', bearer('not a token'))).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress?runId=00000000-0000-4000-8000-000000000000', bearer(tokens.operator))).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress?runId=%27%3B--', bearer(tokens.operator))).status).toBe(ROUTE_HANDLER);
  });

  it('takes only Bearer GETs of its two paths (sessions, other methods and paths go to Next.js)', async () => {
    expect((await get('/api/migration/progress')).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress', { cookie: 'next-auth.session-token=x' })).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress', bearer(tokens.operator), 'HEAD')).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress', bearer(tokens.operator), 'POST')).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/progress/', bearer(tokens.operator))).status).toBe(ROUTE_HANDLER);
    expect((await get('/api/migration/runs', bearer(tokens.operator))).status).toBe(ROUTE_HANDLER);
    for (const odd of ['/api/migration/x/../progress', '/api/migration/%70rogress', '/api/migration//progress', '/api/migration/x%2f..%2fstatus']) {
      expect((await rawGet(odd, bearer(tokens.operator))).status).toBe(ROUTE_HANDLER); // Next.js normalizes or redirects these
    }
  });

  it('stops serving a token from the request after its revocation', async () => {
    expect((await get('/api/migration/progress', bearer(tokens.operator))).status).toBe(200); // kept by the identity cache
    await revokeToken(bed.t.db, operatorTokenId);
    expect((await get('/api/migration/progress', bearer(tokens.operator))).status).toBe(ROUTE_HANDLER);
  });
});
