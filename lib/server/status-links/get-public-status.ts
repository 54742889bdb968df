import { getAdapterConfig } from '../adapter/adapter-config';
import { readLatestRollback } from '../adapter/latest-rollback';
import { readLatestSnapshot } from '../adapter/latest-snapshot';
import { readLatestValidation } from '../adapter/latest-validation';
import { identityOf, recentResult } from '../cache/recent-result';
import type { Db } from '../db/pool';
import { getSharedProgress } from '../migration/runs/get-progress';
import type { PublicStatus } from '../../shared/contracts/status';
import { isActiveState, type RunState } from '../../shared/run-states';
import { phaseOf, wordsFor } from './status-phase';

type RunRow = { id: string; state: RunState; updatedAt: Date };

const latest = (...times: (string | Date | null | undefined)[]) =>
  new Date(Math.max(...times.filter((t): t is string | Date => Boolean(t)).map((t) => new Date(t).getTime()), 0)).toISOString();

async function readPublicStatus(db: Db): Promise<PublicStatus> {
  const [runs, config, validation, snapshot, rollback, modeRow] = await Promise.all([
    db.query<RunRow>(`SELECT id, state, updated_at AS "updatedAt" FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`),
    getAdapterConfig(db),
    readLatestValidation(db),
    readLatestSnapshot(db),
    readLatestRollback(db),
    db.query<{ at: Date }>(`SELECT updated_at AS at FROM ferry.settings WHERE key = 'adapter_mode'`),
  ]);
  const run = runs.rows[0] ?? null;
  const progress = run ? await getSharedProgress(db, run.id) : null;
  const phase = phaseOf({ run: run?.state ?? null, mode: config.mode, validation: validation?.state ?? null, snapshot: snapshot?.state ?? null, rollback: rollback?.scope === 'run' ? rollback.state : null });
  const isMoving = run !== null && isActiveState(run.state) && progress !== null && progress.etaSeconds !== null && progress.rowsPerSecond > 0;
  const words = wordsFor(phase, { runState: run?.state ?? null, validation: validation?.state ?? null, critical: validation?.critical ?? 0 });
  return {
    phase,
    headline: words.headline,
    detail: words.detail,
    percent: progress ? progress.percentage : null,
    records: progress ? { processed: progress.processed, total: progress.total } : null,
    expectedFinish: isMoving ? new Date(Date.now() + (progress?.etaSeconds ?? 0) * 1000).toISOString() : null,
    validation: validation ? { verdict: validation.state, critical: validation.critical, warnings: validation.warnings, info: validation.info, at: validation.at } : null,
    mode: config.mode,
    updatedAt: latest(run?.updatedAt, validation?.at, snapshot?.finishedAt ?? snapshot?.createdAt, rollback?.finishedAt ?? rollback?.startedAt, modeRow.rows[0]?.at),
    readAt: new Date().toISOString(),
  };
}

const shared = recentResult(1000, readPublicStatus, identityOf);

/**
 * The stakeholder status behind share links: phase, percent, expected finish, the last validation's
 * verdict with counts, the adapter's mode and the time of the last change — nothing that names a person,
 * a machine or a record. What many people watch is computed once: one reading a second per process,
 * shared by every caller, so a share link costs about what `/api/health` costs.
 */
export function getPublicStatus(db: Db): Promise<PublicStatus> {
  return shared(db);
}
