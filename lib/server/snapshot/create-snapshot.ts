import type { Db } from '../db/pool';
import { enqueueJobs } from '../jobs/job-queue';
import type { MigrationSource } from '../migration/migration-source';
import { snapshotKey } from './snapshot-key';
import { snapshotScope } from './snapshot-scope';
import type { Queryable } from './target-generation';

/** The data of a `snapshot` job. */
export type SnapshotJob = { snapshotId: string };

export type NewSnapshot = { actor: string; source: MigrationSource; protectsRunId?: string | null };

/**
 * Records a snapshot to take (state `creating`) — inside the caller's transaction when given one (a run
 * and the snapshot protecting it are created together). Checks first that snapshots can be encrypted.
 * @throws AppError `unprocessable` when no snapshot key is configured (external database without SNAPSHOT_KEY).
 */
export async function insertSnapshot(q: Queryable, snapshot: NewSnapshot): Promise<string> {
  snapshotKey();
  const scope = snapshotScope(snapshot.source);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO ferry.snapshots (created_by, legacy_dir, scope_tables, protects_run_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [snapshot.actor, scope.legacyDir, scope.tables, snapshot.protectsRunId ?? null],
  );
  return rows[0]?.id as string;
}

/** Queues the job that writes and rehearses a snapshot (duplicates are harmless: the job takes its lock). */
export async function enqueueSnapshot(db: Db, snapshotId: string): Promise<void> {
  await enqueueJobs<SnapshotJob>(db, 'snapshot', [{ snapshotId }]);
}

/**
 * `POST /api/migration/snapshot`: takes a snapshot of the target in the background; answers at once with
 * its id (`GET /api/migration/snapshots` follows it through creating → verifying → verified).
 * @throws AppError `unprocessable` when no snapshot key is configured.
 */
export async function createSnapshot(db: Db, snapshot: NewSnapshot): Promise<{ snapshotId: string }> {
  const snapshotId = await insertSnapshot(db, snapshot);
  await enqueueSnapshot(db, snapshotId);
  return { snapshotId };
}
