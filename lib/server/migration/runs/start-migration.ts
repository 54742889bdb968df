import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import { AppError } from '../../../shared/errors';
import type { StartMigrationResponse } from '../../../shared/contracts/migration';
import { ensureEngineTables } from '../target-tables/target-tables';
import { buildPlan } from '../plan/build-plan';
import type { MigrationSource } from '../migration-source';
import { readyJobs } from './advance-run';
import { encodeFinalLines } from '../stored-scan';
import { enqueueCollections } from './queue';
import { recordRunEvent } from './run-events';

const START_LOCK = 0x46525300; // one start at a time; concurrent starts answer 409 at once

/** Before anything is written, a verified rollback snapshot must exist (the snapshot issue fills this in). */
export type SnapshotGate = (db: Db) => Promise<void>;
export const noSnapshotGate: SnapshotGate = async () => undefined;

export type StartOptions = { db: Db; actor: string; source: MigrationSource; requireSnapshot?: SnapshotGate; batchSize?: number };

/**
 * Starts a migration run, or resumes the paused one. Answers quickly: the run and its collections are
 * recorded and the first collection jobs queued; background workers do the loading. Exactly one active
 * run can exist: starts are serialised by an advisory lock (a concurrent start gets `conflict` at once)
 * and the database's partial unique index refuses a second active run regardless.
 * @throws AppError `conflict` (a run is active, or another start is in progress), `unprocessable` (the plan has blockers).
 */
export async function startMigration(options: StartOptions): Promise<StartMigrationResponse> {
  const { db } = options;
  const lock = await db.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [START_LOCK]);
    if (!rows[0]?.ok) throw new AppError('conflict', 'Another start of the migration is in progress.');
    try {
      return await startLocked(options);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [START_LOCK]);
    }
  } finally {
    lock.release();
  }
}

async function startLocked({ db, actor, source, requireSnapshot = noSnapshotGate, batchSize }: StartOptions): Promise<StartMigrationResponse> {
  const active = await db.query<{ id: string; state: string }>(`SELECT id, state FROM ferry.migration_runs WHERE state IN ('queued', 'running', 'pausing', 'paused', 'rolling_back')`);
  const current = active.rows[0];
  if (current && current.state !== 'paused') {
    throw new AppError('conflict', `Run ${current.id} is already ${current.state}.`, { details: { runId: current.id, state: current.state } });
  }
  if (current) {
    await db.query(`UPDATE ferry.migration_runs SET state = 'queued', step = 'resuming', updated_at = now() WHERE id = $1`, [current.id]);
    await db.query(`UPDATE ferry.run_collections SET state = 'pending', queued_at = NULL WHERE run_id = $1 AND state IN ('paused', 'running', 'pending')`, [current.id]);
    await recordRunEvent(db, current.id, 'info', `Resumed by ${actor}.`);
    await enqueueCollections(db, await readyJobs(db, current.id));
    return { runId: current.id, resumed: true };
  }

  await ensureEngineTables(db);
  // Pass 1 only: the per-document analysis belongs to the Plan page; the index of final lines found
  // here is stored with the run, so loaders do not scan the files again.
  const { plan, analyses, targets } = await buildPlan({ db, legacyDir: source.legacyDir, mapping: source.mapping, depth: 'scan' });
  if (!plan.ready) {
    throw new AppError('unprocessable', `The plan has ${plan.blockers.length} blocker(s): ${plan.blockers.map((b) => b.message).join(' ')}`, { details: { blockers: plan.blockers } });
  }
  await requireSnapshot(db);
  const settings = { mapping: source.mapping, batchSize };
  const runId = await withTransaction(db, async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO ferry.migration_runs (state, step, legacy_dir, settings, created_by) VALUES ('queued', 'queued', $1, $2, $3) RETURNING id`,
      [plan.legacyDir, JSON.stringify(settings), actor],
    ).catch((error: { code?: string }) => {
      if (error.code === '23505') throw new AppError('conflict', 'A migration run is already active.');
      throw error;
    });
    const id = inserted.rows[0]?.id as string;
    for (const [position, target] of targets.entries()) {
      const analysis = analyses.find((a) => a.plan.name === target.collection);
      if (!analysis) continue;
      await client.query(
        `INSERT INTO ferry.run_collections (run_id, collection, position, file, category, target, depends_on, stats, final_lines, total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, target.collection, position, analysis.plan.file, target.category, target.table, target.dependsOn,
          JSON.stringify({ ...analysis.scan.stats, fingerprint: analysis.scan.fingerprint, resumePoints: analysis.scan.resumePoints, target }),
          encodeFinalLines(analysis.scan.finalLines), analysis.plan.live],
      );
    }
    return id;
  });
  await recordRunEvent(db, runId, 'info', `Run created by ${actor}: ${plan.totals.records} records in ${plan.totals.collections} collections.`);
  await enqueueCollections(db, await readyJobs(db, runId));
  return { runId, resumed: false };
}
