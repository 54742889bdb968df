import type { PlanIssue, PlanProtection } from '../../shared/contracts/plan';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/pool';
import type { MigrationSource } from '../migration/migration-source';
import { findFreshSnapshot } from './find-fresh-snapshot';
import { snapshotKey } from './snapshot-key';

/**
 * What the Plan says about the rollback snapshot of the next run: the fresh verified snapshot that will
 * protect it, or that one will be taken as the run's first step — and a blocker when snapshots cannot
 * be encrypted (an external database without SNAPSHOT_KEY).
 */
export async function describeProtection(db: Db, source: MigrationSource): Promise<{ protection: PlanProtection; blockers: PlanIssue[] }> {
  try {
    snapshotKey();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      protection: { snapshotId: null, takenAt: null, message: 'No rollback snapshot can be taken: no snapshot key is configured.' },
      blockers: [{ code: 'snapshot_key_missing', message: error.message, recommendation: 'Set SNAPSHOT_KEY (64 hexadecimal characters) and restart Ferry.' }],
    };
  }
  const fresh = await findFreshSnapshot(db, source);
  if (fresh) {
    return {
      protection: { snapshotId: fresh.id, takenAt: fresh.createdAt, message: `Snapshot ${fresh.id} still matches the target (nothing loaded, rolled back or migrated since, same row counts): it will protect the run.` },
      blockers: [],
    };
  }
  return {
    protection: { snapshotId: null, takenAt: null, message: 'A new rollback snapshot of the target will be taken as the run’s first step (encrypted, then restored into a scratch schema to verify it); nothing is loaded before it is verified.' },
    blockers: [],
  };
}
