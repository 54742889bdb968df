import type { RollbackList, RollbackView } from '../../shared/contracts/rollback';
import { AppError } from '../../shared/errors';
import { isUuid } from '../../shared/uuid';
import type { Db } from '../db/pool';
import { readRollbackRow, ROLLBACK_COLUMNS, toRollbackView, type RollbackRow } from './rollback-row';

/** `GET /api/migration/rollbacks[?runId=]`: rollbacks, newest first (of one run when given). */
export async function listRollbacks(db: Db, runId?: string): Promise<RollbackList> {
  const { rows } = await db.query<RollbackRow>(
    `SELECT ${ROLLBACK_COLUMNS} FROM ferry.rollbacks b WHERE ($1::uuid IS NULL OR b.run_id = $1) ORDER BY b.started_at DESC LIMIT 100`,
    [runId ?? null],
  );
  return { rollbacks: rows.map(toRollbackView) };
}

/**
 * `GET /api/migration/rollbacks/<id>`: one rollback and its progress.
 * @throws AppError `not_found`.
 */
export async function getRollback(db: Db, rollbackId: string): Promise<RollbackView> {
  const row = isUuid(rollbackId) ? await readRollbackRow(db, rollbackId) : null;
  if (!row) throw new AppError('not_found', 'No such rollback.');
  return toRollbackView(row);
}
