import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleSchema } from '../console-db/console-migrations';
import { ensureEngineTables } from '../migration/target-tables/target-tables';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { getPublicStatus } from './get-public-status';
import { createStatusLink, listStatusLinks, revokeStatusLink } from './manage-status-links';
import { isValidStatusToken } from './resolve-status-link';
import { hashStatusToken } from './status-link-token';
import { sharedStatusResponse } from './shared-status-response';

let t: TestDatabase;
let runId = '';
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureConsoleSchema(t.db);
  await ensureEngineTables(t.db);
  const { rows } = await t.db.query(
    `INSERT INTO ferry.migration_runs (state, legacy_dir, settings, created_by, started_at, finished_at)
     VALUES ('completed', '/srv/secret-legacy-dir', '{}', 'boss@corp.example', now(), now()) RETURNING id`);
  runId = rows[0].id;
  await t.db.query(`INSERT INTO ferry.run_collections (run_id, collection, position, file, category, target, mapping, fingerprint, total, processed, migrated, state)
    VALUES ($1, 'leads', 0, '/srv/secret-legacy-dir/leads.db', 'application', 'leads', '{}', '{}', 40, 40, 40, 'completed')`, [runId]);
});
afterAll(async () => t.drop());

describe('stakeholder share links', () => {
  it('store only the token’s hash, work while valid and stop once revoked', async () => {
    const link = await createStatusLink(t.db, { label: 'Board' }, 'admin@ferry.test');
    expect(link.token).toMatch(/^fst_[A-Za-z0-9_-]{43}$/);
    expect(link.path).toBe(`/status/${link.token}`);
    const stored = JSON.stringify((await t.superDb.query(`SELECT * FROM ferry.status_links`)).rows);
    expect(stored).not.toContain(link.token);
    expect(stored).toContain(hashStatusToken(link.token));
    expect(JSON.stringify(await listStatusLinks(t.db))).not.toContain(link.token);

    expect(await isValidStatusToken(t.db, link.token)).toBe(true);
    expect(await isValidStatusToken(t.db, `${link.token.slice(0, -1)}x`)).toBe(false);
    expect(await isValidStatusToken(t.db, 'fry_not-a-status-token')).toBe(false);
    const ok = await sharedStatusResponse(() => t.db, link.token);
    expect(ok.status).toBe(200);

    await revokeStatusLink(t.db, link.id);
    expect(await isValidStatusToken(t.db, link.token)).toBe(false);
    const gone = await sharedStatusResponse(() => t.db, link.token);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    await expect(revokeStatusLink(t.db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('show phase, percent, validation and mode — and nothing that names a person, a machine or a record', async () => {
    const status = await getPublicStatus(t.db);
    expect(status).toMatchObject({ phase: 'validating', headline: 'Copy complete', percent: 100, records: { processed: 40, total: 40 }, validation: null, mode: 'legacy', expectedFinish: null });
    const text = JSON.stringify(status);
    for (const secret of ['boss@corp.example', runId, '/srv/secret-legacy-dir', os.hostname(), 'leads', 'SELECT']) expect(text).not.toContain(secret);
  });
});
