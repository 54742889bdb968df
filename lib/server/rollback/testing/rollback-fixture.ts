import type { Db } from '../../db/pool';
import { withTenant } from '../../db/with-tenant';
import { withTransaction } from '../../db/transaction';
import { tenantUuid } from '../../mapping/ids';
import { copyDigest, fixOutputSettings, type Digest } from '../../snapshot/copy-digest';
import type { SnapshotManifest } from '../../snapshot/manifest';
import { openSnapshot } from '../../snapshot/open-snapshot';
import { snapshotKey } from '../../snapshot/snapshot-key';
import { snapshotRoot } from '../../snapshot/snapshot-paths';
import { describeTables, orderedSelect, tenantSql } from '../../snapshot/table-shape';
import { getRollback } from '../list-rollbacks';
import type { RollbackState, RollbackView } from '../../../shared/contracts/rollback';

export const SNAPSHOT_TABLES = ['tenants', 'admin_documents', 'app_documents', 'companies', 'leads'];

/** A tenant with rows before any migration: the demo's org_acme (the run then does not create it). */
export const PRE_TENANT_KEY = 'org_acme';
export const PRE_TENANT = tenantUuid(PRE_TENANT_KEY);
/** A tenant no migration knows. */
export const OTHER_TENANT = '0b7e1a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const UNKNOWN_RUN = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** Rows another application wrote before the migration: documents with a run id Ferry does not know, a typed row without legacy id, a shared document. */
export async function insertPreexistingRows(db: Db): Promise<void> {
  await withTransaction(db, async (c) => {
    await c.query(`INSERT INTO tenants (id, name) VALUES ($1, 'Acme Corp (already there)'), ($2, 'Another application')`, [PRE_TENANT, OTHER_TENANT]);
    await c.query(`INSERT INTO admin_documents (id, collection, legacy_id, data, run_id) VALUES (gen_random_uuid(), 'pre-admin', 'p1', '{"kept": true}', $1)`, [UNKNOWN_RUN]);
  });
  for (const tenant of [PRE_TENANT, OTHER_TENANT]) {
    await withTenant(db, tenant, async (c) => {
      await c.query(
        `INSERT INTO app_documents (tenant_id, id, collection, legacy_id, data, run_id)
         SELECT $1, gen_random_uuid(), 'pre-existing', 'p' || g, jsonb_build_object('n', g, 'at', now()), $2 FROM generate_series(1, 25) g`,
        [tenant, UNKNOWN_RUN],
      );
      await c.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, gen_random_uuid(), 'Made by hand')`, [tenant]);
    });
  }
}

/** Per table and tenant (`table/tenant`, `table/shared`), rows and checksum of the target, as a snapshot computes them. */
export async function targetDigests(db: Db): Promise<Map<string, Digest>> {
  const out = new Map<string, Digest>();
  await withTransaction(db, async (c) => {
    await fixOutputSettings(c);
    const tenants = (await c.query<{ id: string }>(`SELECT id FROM tenants ORDER BY id`)).rows.map((r) => r.id);
    for (const shape of await describeTables(c, SNAPSHOT_TABLES)) {
      if (shape.kind === 'shared') {
        out.set(`${shape.name}/shared`, await copyDigest(c, orderedSelect(shape, 'TRUE')));
        continue;
      }
      for (const tenant of tenants) {
        const d = await copyDigest(c, orderedSelect(shape, tenantSql(shape, tenant)));
        if (d.rows > 0) out.set(`${shape.name}/${tenant}`, d);
      }
    }
  });
  return out;
}

/** The same digests, as the snapshot's manifest records them. */
export function manifestDigests(manifest: SnapshotManifest): Map<string, { rows: number; checksum: string }> {
  const out = new Map<string, { rows: number; checksum: string }>();
  for (const t of manifest.tables) for (const s of t.segments) if (s.rows > 0) out.set(`${t.name}/${s.tenantId ?? 'shared'}`, { rows: s.rows, checksum: s.checksum });
  return out;
}

export const plain = (m: Map<string, { rows: number; checksum: string }>) => Object.fromEntries([...m].map(([k, v]) => [k, { rows: v.rows, checksum: v.checksum }]));

export async function readManifest(db: Db, snapshotId: string): Promise<SnapshotManifest> {
  const { rows } = await db.query<{ manifestBytes: string }>(`SELECT manifest_bytes AS "manifestBytes" FROM ferry.snapshots WHERE id = $1`, [snapshotId]);
  return (await openSnapshot(snapshotRoot(), snapshotId, snapshotKey(), Number(rows[0]?.manifestBytes))).manifest;
}

export async function waitForRollback(db: Db, rollbackId: string, states: RollbackState[], timeoutMs = 60_000): Promise<RollbackView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getRollback(db, rollbackId);
    if (states.includes(view.state)) return view;
    if (Date.now() > deadline) throw new Error(`rollback ${rollbackId} still ${view.state} (${view.step}) after ${timeoutMs} ms: ${view.error ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function protectingSnapshot(db: Db, runId: string): Promise<{ id: string; state: string }> {
  const { rows } = await db.query<{ id: string; state: string }>(`SELECT id, state FROM ferry.snapshots WHERE protects_run_id = $1 ORDER BY created_at DESC LIMIT 1`, [runId]);
  if (!rows[0]) throw new Error(`no snapshot protects run ${runId}`);
  return rows[0];
}
