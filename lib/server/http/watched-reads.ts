import type { Level } from '../../shared/levels';
import type { Db } from '../db/pool';
import { migrationSource } from '../migration/migration-source';
import { getSharedProgress } from '../migration/runs/get-progress';
import { getMigrationStatus } from '../migration/runs/get-status';

/** A read many people poll: who may ask, and the answer. */
export type WatchedRead = { level: Level; read(db: Db, query: URLSearchParams): Promise<unknown> };

/**
 * The answers a crowd polls during a run, defined once for their route handlers (app/api/migration/…)
 * and for the launcher's hot reads (hot-reads.ts), so the two can never disagree on level or answer.
 */
export const WATCHED_READS: Record<'/api/migration/progress' | '/api/migration/status', WatchedRead> = {
  /** `GET /api/migration/progress[?runId=]` — live progress of the given or newest run. */
  '/api/migration/progress': { level: 2, read: (db, query) => getSharedProgress(db, query.get('runId') ?? undefined) },
  /** `GET /api/migration/status` — the stakeholder status page reads it. */
  '/api/migration/status': { level: 3, read: (db) => getMigrationStatus(db, migrationSource()) },
};
