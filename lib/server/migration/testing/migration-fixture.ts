import path from 'node:path';
import type { Db } from '../../db/pool';
import { ensureConsoleSchema } from '../../console-db/console-migrations';
import { ensureEngineTables } from '../target-tables/target-tables';
import { migrateUp } from '../../migrator/run-migrations';
import { schemaMigrations } from '../../schema/schema-migrations';
import { loadMappingFile } from '../../mapping/load-mapping';
import type { MigrationSource } from '../migration-source';
import { getProgress } from '../runs/get-progress';
import type { MigrationProgress, RunState } from '../../../shared/contracts/migration';

/** The demo mapping file, as MAPPING_FILE would name it. */
export function demoMappingSource(legacyDir: string): MigrationSource {
  return { legacyDir, mapping: loadMappingFile(path.join(__dirname, '..', '..', 'demo', 'penguinmails-mapping.ts')) };
}

/** A test database ready for migrations: Ferry's tables, the engine's document tables and the PenguinMails schema applied. */
export async function prepareTarget(db: Db): Promise<void> {
  await ensureConsoleSchema(db);
  await ensureEngineTables(db);
  const result = await migrateUp(db, schemaMigrations, { actor: 'test' });
  if (!result.ok) throw new Error(`schema migration failed: ${JSON.stringify(result.steps.find((s) => !s.ok))}`);
}

/** Polls a run until it reaches one of `states` (or fails the test after `timeoutMs`). */
export async function waitForRun(db: Db, runId: string, states: RunState[], timeoutMs = 60_000, until?: (p: MigrationProgress) => boolean): Promise<MigrationProgress> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const progress = await getProgress(db, runId);
    if (states.includes(progress.state) && (!until || until(progress))) return progress;
    if (progress.state === 'failed' && !states.includes('failed')) throw new Error(`run failed: ${JSON.stringify(progress.errors)}`);
    // A run that has settled elsewhere will never become what is awaited: say so now, not at the deadline.
    if (['completed', 'rolled_back'].includes(progress.state) && !states.includes(progress.state)) {
      throw new Error(`run ${runId} is ${progress.state} (${progress.processed}/${progress.total}) while waiting for ${states.join(' or ')}`);
    }
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${progress.state} (${progress.processed}/${progress.total}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every migrated row, content only (no run id or load time), sorted: two runs are equal iff these are. */
export async function snapshotTargetRows(db: Db): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    app_documents: `SELECT tenant_id, id, collection, legacy_id, data FROM app_documents ORDER BY tenant_id, id`,
    admin_documents: `SELECT id, collection, legacy_id, data FROM admin_documents ORDER BY id`,
    companies: `SELECT tenant_id, id, legacy_id, name, industry, created_at, extra FROM companies ORDER BY tenant_id, id`,
    leads: `SELECT tenant_id, id, legacy_id, email, first_name, last_name, company_id, status, score, tags, extra FROM leads ORDER BY tenant_id, id`,
    tenants: `SELECT id, name FROM tenants ORDER BY id`,
    quarantine: `SELECT collection, line, legacy_id, tenant_key, reason, document FROM ferry.quarantine ORDER BY collection, line`,
  };
  const result: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(queries)) result[name] = (await db.query(sql)).rows;
  return result;
}
