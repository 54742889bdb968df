import { locks, tryLock, unlock } from '../../db/advisory-locks';
import { classifyPgError } from '../../db/pg-errors';
import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import { ACTIVE_RUN_STATES } from '../../../shared/run-states';
import { AppError } from '../../../shared/errors';
import type { StartMigrationResponse } from '../../../shared/contracts/migration';
import { ensureEngineTables } from '../target-tables/target-tables';
import { planTargets } from '../plan/plan-targets';
import { collectionStart, type CollectionStart } from './collection-estimate';
import type { CollectionTarget } from '../../mapping/resolve-targets';
import type { MigrationSource } from '../migration-source';
import { enqueueReadyCollections } from './advance-run';
import { encodeFinalLines } from '../stored-scan';
import { recordRunEvent } from './run-events';
import { enqueueSnapshot, insertSnapshot } from '../../snapshot/create-snapshot';
import { findFreshSnapshot } from '../../snapshot/find-fresh-snapshot';
import { bumpGeneration } from '../../snapshot/target-generation';
import { protectionOf, refuseDuringRollback } from '../../snapshot/run-protection';

export type StartOptions = { db: Db; actor: string; source: MigrationSource; batchSize?: number };

/**
 * Starts a migration run, or resumes the paused one. Answers quickly: the run and its collections are
 * recorded and the first collection jobs queued; background workers do the loading. Exactly one active
 * run can exist: starts are serialised by an advisory lock (a concurrent start gets `conflict` at once)
 * and the database's partial unique index refuses a second active run regardless. No row is loaded
 * without a verified rollback snapshot taken since the target last changed: a fresh one is reused,
 * otherwise the run starts `snapshotting` and loads once its snapshot is verified.
 * @throws AppError `conflict` (a run is active, a rollback is running, or another start is in progress),
 *   `unprocessable` (the plan has blockers, or no snapshot key is configured).
 */
export async function startMigration(options: StartOptions): Promise<StartMigrationResponse> {
  const { db } = options;
  const session = await db.connect();
  try {
    if (!(await tryLock(session, locks.start()))) throw new AppError('conflict', 'Another start of the migration is in progress.');
    try {
      return await startLocked(options);
    } finally {
      await unlock(session, locks.start());
    }
  } finally {
    session.release();
  }
}

async function startLocked({ db, actor, source, batchSize }: StartOptions): Promise<StartMigrationResponse> {
  const latest = await db.query<{ id: string; state: string }>(`SELECT id, state FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`);
  const current = latest.rows[0];
  if (current && current.state !== 'paused' && (ACTIVE_RUN_STATES as readonly string[]).includes(current.state)) {
    throw new AppError('conflict', `Run ${current.id} is already ${current.state}.`, { details: { runId: current.id, state: current.state } });
  }
  await refuseDuringRollback(db);
  if (current && (current.state === 'paused' || current.state === 'failed')) return resume(db, current.id, current.state, actor, source);

  await ensureEngineTables(db);
  // No document is read here: blockers need none, and each collection's job scans its file (pass 1)
  // while other collections load — unless the Plan already scanned this very file (then it is reused).
  const { directory, targets, files, listed, blockers } = await planTargets(db, source.legacyDir, source.mapping);
  if (!directory || blockers.length > 0) {
    throw new AppError('unprocessable', `The plan has ${blockers.length} blocker(s): ${blockers.map((b) => b.message).join(' ')}`, { details: { blockers } });
  }
  const fresh = await findFreshSnapshot(db, source);
  const starts: (CollectionStart & { target: CollectionTarget })[] = [];
  for (const target of targets) starts.push({ target, ...(await collectionStart(files.get(target.collection) as string, target, source.mapping.config.withoutTenant, listed.get(target.collection)?.identity)) });
  const settings = { mapping: source.mapping, batchSize };
  const { runId, snapshotId } = await withTransaction(db, async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO ferry.migration_runs (state, step, legacy_dir, settings, created_by) VALUES ($4, $5, $1, $2, $3) RETURNING id`,
      [directory.dir, JSON.stringify(settings), actor, fresh ? 'queued' : 'snapshotting', fresh ? 'queued' : 'waiting for the rollback snapshot'],
    ).catch((error: unknown) => {
      if (classifyPgError(error).kind === 'unique_violation') throw new AppError('conflict', 'A migration run is already active.');
      throw error;
    });
    const id = inserted.rows[0]?.id as string;
    for (const [position, start] of starts.entries()) {
      const { target, scan } = start;
      await client.query(
        `INSERT INTO ferry.run_collections (run_id, collection, position, file, category, target, mapping, fingerprint, depends_on, stats, final_lines, total, is_estimate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [id, target.collection, position, start.file, target.category, target.table, JSON.stringify(target), JSON.stringify(start.fingerprint), target.dependsOn,
          scan ? JSON.stringify({ ...scan.stats, resumePoints: scan.resumePoints }) : null, scan ? encodeFinalLines(scan.finalLines) : null, start.total, start.isEstimate],
      );
    }
    if (fresh) await client.query(`UPDATE ferry.snapshots SET protects_run_id = $2 WHERE id = $1`, [fresh.id, id]);
    return { runId: id, snapshotId: fresh ? fresh.id : await insertSnapshot(client, { actor, source, protectsRunId: id }) };
  });
  const records = starts.reduce((sum, s) => sum + s.total, 0);
  await recordRunEvent(db, runId, 'info', `Run created by ${actor}: ${starts.some((s) => s.isEstimate) ? 'up to ' : ''}${records} records in ${starts.length} collections.`);
  if (fresh) {
    await recordRunEvent(db, runId, 'info', `Protected by rollback snapshot ${snapshotId} (taken ${fresh.createdAt}; the target has not changed since).`);
    await bumpGeneration(db, actor);
    await enqueueReadyCollections(db, runId);
  } else {
    await recordRunEvent(db, runId, 'info', `Taking rollback snapshot ${snapshotId} before loading.`);
    await enqueueSnapshot(db, snapshotId);
  }
  return { runId, resumed: false };
}

/**
 * Resumes the paused run, or retries the failed one: its paused, pending and failed collections load
 * again from their checkpoints (exactly once: committed batches are skipped), the completed ones stay.
 * A collection still `running` keeps its loader (it finishes its batch and hands the collection back as
 * pending); one whose loader died is handed back by the reaper.
 */
async function resume(db: Db, runId: string, state: 'paused' | 'failed', actor: string, source: MigrationSource): Promise<StartMigrationResponse> {
  // Its own snapshot protects it; one that never got verified (the run stopped or failed while it was
  // being taken, so nothing was loaded) is waited for, or taken again.
  const protection = await protectionOf(db, runId);
  const next = protection === 'verified' ? 'queued' : 'snapshotting';
  const outcome = await withTransaction(db, async (client) => {
    const updated = await client.query(
      `UPDATE ferry.migration_runs SET state = $4, step = $2, error = NULL, finished_at = NULL, updated_at = now() WHERE id = $1 AND state = $3`,
      [runId, next === 'snapshotting' ? 'waiting for the rollback snapshot' : state === 'failed' ? 'retrying the collections that did not complete' : 'resuming', state, next],
    );
    if (!updated.rowCount) return null;
    await client.query(`UPDATE ferry.run_collections SET state = 'pending', queued_at = NULL, error = NULL WHERE run_id = $1 AND state IN ('paused', 'pending', 'failed')`, [runId]);
    return protection === 'none' ? insertSnapshot(client, { actor, source, protectsRunId: runId }) : '';
  });
  if (outcome === null) throw new AppError('conflict', `Run ${runId} changed while it was being resumed; try again.`);
  await recordRunEvent(db, runId, 'info', state === 'failed' ? `Retried by ${actor}: the collections that did not complete load again.` : `Resumed by ${actor}.`);
  if (outcome) await enqueueSnapshot(db, outcome);
  if (next === 'queued') {
    await bumpGeneration(db, actor);
    await enqueueReadyCollections(db, runId);
  }
  return { runId, resumed: true };
}
