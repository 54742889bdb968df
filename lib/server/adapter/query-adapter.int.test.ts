import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacyStore } from '../demo/generate-legacy-store';
import { startWorker, type Worker } from '../jobs/worker';
import { stopQueue } from '../jobs/job-queue';
import { listCollections } from '../legacy/list-collections';
import { withTenant } from '../db/with-tenant';
import { tenantUuid } from '../mapping/ids';
import { startMigration } from '../migration/runs/start-migration';
import { demoMappingSource, prepareTarget, waitForRun } from '../migration/testing/migration-fixture';
import type { MigrationSource } from '../migration/migration-source';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AdapterConfig } from '../../shared/contracts/adapter';
import { flushAdapterCounters } from './adapter-metrics';
import { currentLegacyIndex } from './legacy-store';
import { readDocument, readPage } from './query-adapter';
import { resolveCollection } from './resolve-collection';

let t: TestDatabase;
let worker: Worker;
let source: MigrationSource;
const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-adapter-'));
const legacy: AdapterConfig = { mode: 'legacy', preferNew: true, fallbackEnabled: true };
const fresh: AdapterConfig = { mode: 'new', preferNew: true, fallbackEnabled: true };
const hybrid: AdapterConfig = { mode: 'hybrid', preferNew: true, fallbackEnabled: true };

beforeAll(async () => {
  await generateLegacyStore(legacyDir);
  t = await createTestDatabase();
  await prepareTarget(t.db);
  worker = await startWorker(t.db);
  source = demoMappingSource(legacyDir);
  const { runId } = await startMigration({ db: t.db, actor: 'test', source });
  await waitForRun(t.db, runId, ['completed']);
});
afterAll(async () => {
  await worker.stop();
  await stopQueue();
  await t.drop();
  fs.rmSync(legacyDir, { recursive: true, force: true });
});

/** Every page of one tenant's documents (or an admin collection's), read with one mode. */
async function allPages(collection: string, tenant: string | null, config: AdapterConfig) {
  const items: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await readPage(t.db, source, { collection, tenant, after, limit: 97 }, { config });
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

async function counter(collection: string, metric: string): Promise<number> {
  await flushAdapterCounters(t.db);
  const { rows } = await t.db.query(`SELECT value FROM ferry.adapter_counters WHERE collection = $1 AND metric = $2`, [collection, metric]);
  return Number(rows[0]?.value ?? 0);
}

describe('the query adapter on the migrated demo store', () => {
  it('answers the same documents, in the same shape and order, from both stores — every collection, document and typed tables', async () => {
    const { collections } = await listCollections(legacyDir);
    const quarantined = new Set((await t.db.query(`SELECT collection || '/' || legacy_id AS k FROM ferry.quarantine WHERE legacy_id IS NOT NULL`)).rows.map((r) => r.k));
    const kinds = new Set<string>();
    let compared = 0;
    for (const { name } of collections) {
      const ref = await resolveCollection(t.db, source, name);
      kinds.add(ref.target.kind);
      const index = await currentLegacyIndex(ref);
      const tenants = ref.target.category === 'admin' ? [null] : index.tenantKeys;
      for (const tenant of tenants) {
        const fromLegacy = (await allPages(name, tenant, legacy)).filter((d) => !quarantined.has(`${name}/${String(d._id)}`));
        const fromNew = await allPages(name, tenant, fresh);
        expect(fromNew.map((d) => JSON.stringify(d)), `${name} / ${tenant}`).toEqual(fromLegacy.map((d) => JSON.stringify(d)));
        compared += fromNew.length;
        // Single reads agree too, and say which store answered.
        for (const doc of fromNew.slice(0, 3)) {
          const one = await readDocument(t.db, source, { collection: name, id: String(doc._id), tenant }, { config: legacy });
          const two = await readDocument(t.db, source, { collection: name, id: String(doc._id), tenant }, { config: fresh });
          expect([one.source, two.source]).toEqual(['legacy', 'new']);
          expect(JSON.stringify(two.document)).toBe(JSON.stringify(one.document));
        }
      }
    }
    expect([...kinds].sort()).toEqual(['admin_documents', 'app_documents', 'typed']);
    expect(compared).toBeGreaterThan(1500);
  });

  it('keeps tenants apart and refuses what it cannot answer', async () => {
    const [first, second] = (await allPages('leads', 'org_acme', fresh)).length ? ['org_acme', 'org_globex'] : [];
    if (!first || !second) throw new Error('the demo store has these tenants');
    const lead = (await allPages('leads', first, legacy))[0] as Record<string, unknown>;
    await expect(readDocument(t.db, source, { collection: 'leads', id: String(lead._id), tenant: second }, { config: legacy })).rejects.toMatchObject({ code: 'not_found' });
    await expect(readDocument(t.db, source, { collection: 'leads', id: String(lead._id), tenant: second }, { config: fresh })).rejects.toMatchObject({ code: 'not_found' });
    await expect(readDocument(t.db, source, { collection: 'leads', id: String(lead._id) }, { config: fresh })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(readDocument(t.db, source, { collection: 'no-such-collection', id: 'x', tenant: first }, { config: fresh })).rejects.toMatchObject({ code: 'not_found' });
    await expect(readDocument(t.db, source, { collection: '../tenants', id: 'x', tenant: first }, { config: legacy })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('in hybrid mode falls back to legacy when Nile lacks a record, and counts the fallback', async () => {
    const doc = (await allPages('campaigns', 'org_acme', fresh))[0] as Record<string, unknown>;
    await withTenant(t.db, tenantUuid('org_acme'), (c) => c.query(`DELETE FROM app_documents WHERE tenant_id = $1 AND collection = 'campaigns' AND legacy_id = $2`, [tenantUuid('org_acme'), doc._id]));
    const before = await counter('campaigns', 'fallbacks');
    const answer = await readDocument(t.db, source, { collection: 'campaigns', id: String(doc._id), tenant: 'org_acme' }, { config: hybrid, shadowSample: 0 });
    expect(answer).toEqual({ source: 'legacy', fallback: true, document: doc });
    expect(await counter('campaigns', 'fallbacks')).toBe(before + 1);
    // Without fallback the missing record is a 404.
    await expect(readDocument(t.db, source, { collection: 'campaigns', id: String(doc._id), tenant: 'org_acme' }, { config: { ...hybrid, fallbackEnabled: false }, shadowSample: 0 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('detects a shadow mismatch and records which field differs — names only, no values', async () => {
    const tenantId = tenantUuid('org_globex');
    const lead = (await allPages('leads', 'org_globex', fresh))[0] as Record<string, unknown>;
    await withTenant(t.db, tenantId, (c) => c.query(`UPDATE leads SET first_name = 'Changed-In-Nile' WHERE tenant_id = $1 AND legacy_id = $2`, [tenantId, lead._id]));
    const before = await counter('leads', 'shadow.mismatched');
    const answer = await readDocument(t.db, source, { collection: 'leads', id: String(lead._id), tenant: 'org_globex' }, { config: hybrid, shadowSample: 1 });
    expect(answer.source).toBe('new');
    expect(answer.document.firstName).toBe('Changed-In-Nile');
    expect(await counter('leads', 'shadow.mismatched')).toBe(before + 1);
    const { rows } = await t.db.query(`SELECT legacy_id, tenant_key, primary_store, fields FROM ferry.shadow_mismatches WHERE collection = 'leads' ORDER BY id DESC LIMIT 1`);
    expect(rows[0]).toEqual({ legacy_id: lead._id, tenant_key: 'org_globex', primary_store: 'new', fields: ['firstName'] });
    const stored = JSON.stringify((await t.db.query(`SELECT * FROM ferry.shadow_mismatches`)).rows);
    expect(stored).not.toContain('Changed-In-Nile');
    expect(stored).not.toContain(String(lead.email));
    // An equal document compares clean.
    const other = (await allPages('leads', 'org_globex', fresh))[1] as Record<string, unknown>;
    const compared = await counter('leads', 'shadow.compared');
    await readDocument(t.db, source, { collection: 'leads', id: String(other._id), tenant: 'org_globex' }, { config: hybrid, shadowSample: 1 });
    expect(await counter('leads', 'shadow.compared')).toBe(compared + 1);
    expect(await counter('leads', 'shadow.mismatched')).toBe(before + 1);
  });
});
