import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ferryCli, userWithToken } from '../fixtures';

/*
 * Every API route × every kind of caller, generated from the route files themselves (so a new route
 * cannot be forgotten) and checked against the README's API table (so the documented level is the real
 * one). A caller below the route's level gets 403, no identity / a revoked token / a disabled user's
 * token 401; an allowed caller gets past authorization: mutating calls are sent an invalid body (or an
 * unknown id) and must answer 400/404 — never act.
 */
const root = path.resolve(__dirname, '..', '..');
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Route = { method: Method; path: string; level: 1 | 2 | 3 | 'public' };
const SKIPPED = ['/api/auth/', '/api/[[...path]]']; // next-auth's own routes; the 404 catch-all (api-envelope.spec.ts)

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : []));
}

/** Methods and levels as the route files declare them (`export const GET = withAuth(…, { level: N })`). */
function declaredRoutes(): Route[] {
  const routes: Route[] = [];
  for (const file of routeFiles(path.join(root, 'app', 'api'))) {
    const urlPath = `/${path.relative(path.join(root, 'app'), path.dirname(file)).split(path.sep).join('/')}`;
    if (SKIPPED.some((s) => urlPath.startsWith(s.replace(/\/$/, '')) && (s.endsWith('/') || urlPath === s))) continue;
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
      const method = match[1] as Method;
      const rest = source.slice(match.index);
      const wrapped = /^export const \w+ = withAuth/.test(rest);
      const level = wrapped ? Number(/level:\s*([123])/.exec(rest)?.[1]) : 'public';
      routes.push({ method, path: urlPath, level: level as Route['level'] });
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** `METHOD /api/path` → documented level, from the README's API table (`<id>` and `[id]` compare equal). */
function documentedLevels(): Map<string, string> {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const api = readme.slice(readme.indexOf('## API'), readme.indexOf('\n## ', readme.indexOf('## API') + 5));
  const levels = new Map<string, string>();
  for (const line of api.split('\n').filter((l) => l.startsWith('| `'))) {
    const [endpoints = '', level = ''] = line.split(/(?<!\\)\|/).slice(1).map((c) => c.trim()); // `\|` is a pipe inside a cell
    for (const m of endpoints.matchAll(/(GET|POST|PUT|PATCH|DELETE) (\/api\/[^\s`?[]*)/g)) levels.set(`${m[1]} ${normalize(m[2] as string)}`, level);
  }
  return levels;
}
const normalize = (p: string) => p.replace(/\[[^\]]+\]|<[^>]+>/g, ':param').replace(/\/$/, '');
const concrete = (p: string) => p.replace(/\[\[?\.\.\.[^\]]+\]\]?/g, 'x').replace(/\[[^\]]+\]/g, '00000000-0000-4000-8000-000000000000');

const callers = { viewer: '', operator: '', admin: '', revoked: '', disabled: '' };
test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000); // five users and tokens through the real CLI, on a busy machine
  const stamp = Date.now();
  callers.viewer = userWithToken(`matrix-viewer-${stamp}@ferry.test`, 3);
  callers.operator = userWithToken(`matrix-operator-${stamp}@ferry.test`, 2);
  callers.admin = userWithToken(process.env.FERRY_E2E_ADMIN_EMAIL as string, 1);
  callers.revoked = userWithToken(`matrix-revoked-${stamp}@ferry.test`, 1);
  const disabledEmail = `matrix-disabled-${stamp}@ferry.test`;
  callers.disabled = userWithToken(disabledEmail, 1);
  const mine = await (await request.get('/api/tokens', { headers: { Authorization: `Bearer ${callers.revoked}` } })).json();
  for (const token of mine.tokens as { id: string }[]) {
    expect((await request.delete(`/api/tokens/${token.id}`, { headers: { Authorization: `Bearer ${callers.revoked}` } })).status()).toBe(200);
  }
  const users = await (await request.get('/api/users', { headers: { Authorization: `Bearer ${callers.admin}` } })).json();
  const disabled = (users.users as { id: string; email: string }[]).find((u) => u.email === disabledEmail);
  expect((await request.patch(`/api/users/${disabled?.id}`, { headers: { Authorization: `Bearer ${callers.admin}` }, data: { disabled: true } })).status()).toBe(200);
  expect(ferryCli(['user', 'list'])).toContain(disabledEmail);
});

async function call(request: APIRequestContext, route: Route, token: string | null): Promise<number> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const url = concrete(route.path);
  const invalid = { data: { __not_a_field__: true }, headers };
  switch (route.method) {
    case 'GET': return (await request.get(`${url}${url.includes('/data/') ? '?tenant=nobody' : ''}`, { headers })).status();
    case 'POST': return (await request.post(url, invalid)).status();
    case 'PUT': return (await request.put(url, invalid)).status();
    case 'PATCH': return (await request.patch(url, invalid)).status();
    case 'DELETE': return (await request.delete(url, { headers })).status();
  }
}

const routes = declaredRoutes();

test('every route is in the README’s API table with the level its file declares', () => {
  expect(routes.length).toBeGreaterThan(15);
  const documented = documentedLevels();
  const mismatches = routes
    .map((r) => ({ route: `${r.method} ${normalize(r.path)}`, declared: String(r.level), documented: documented.get(`${r.method} ${normalize(r.path)}`) ?? 'missing' }))
    .filter((r) => r.documented !== r.declared);
  expect(mismatches).toEqual([]);
});

for (const route of routes) {
  test(`${route.method} ${route.path} (level ${route.level}) answers each caller as its level says`, async ({ request }) => {
    if (route.level === 'public') {
      expect(await call(request, route, null)).not.toBe(401);
      return;
    }
    for (const who of [null, 'revoked', 'disabled'] as const) {
      expect(await call(request, route, who ? callers[who] : null), `${who ?? 'no identity'}`).toBe(401);
    }
    for (const [who, level] of [['viewer', 3], ['operator', 2], ['admin', 1]] as const) {
      const status = await call(request, route, callers[who]);
      if (level > route.level) expect(status, who).toBe(403);
      else if (route.method === 'GET') expect([200, 400, 404], who).toContain(status);
      else expect([400, 404], `${who}: a mutating call with an invalid body or an unknown id must be refused, not performed`).toContain(status);
    }
  });
}
