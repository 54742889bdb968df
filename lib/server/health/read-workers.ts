import type { Db } from '../db/pool';
import type { WorkerHealth } from '../../shared/contracts/health';

/** A worker beats every two seconds: after this long without a heartbeat it is late (likely dead). */
export const LATE_AFTER_SECONDS = 10;

/**
 * Workers seen in the last hour (`ferry.workers`): where they run, which job kinds they serve, and the
 * age of their last heartbeat — alive, late (no heartbeat for over ten seconds and not stopped: a crashed
 * or hung worker) or stopped.
 */
export async function readWorkers(db: Db): Promise<WorkerHealth[]> {
  const { rows } = await db.query<{ id: string; pid: number; host: string; kinds: string[]; startedAt: Date; heartbeatAt: Date; stopped: boolean; age: number }>(
    `SELECT id, pid, host, kinds, started_at AS "startedAt", heartbeat_at AS "heartbeatAt", stopped_at IS NOT NULL AS stopped,
            extract(epoch FROM now() - heartbeat_at)::float8 AS age
       FROM ferry.workers WHERE heartbeat_at > now() - interval '1 hour' OR stopped_at IS NULL AND heartbeat_at > now() - interval '1 day'
      ORDER BY heartbeat_at DESC LIMIT 50`,
  );
  return rows.map((r) => ({
    id: r.id, pid: r.pid, host: r.host, kinds: r.kinds,
    startedAt: r.startedAt.toISOString(), heartbeatAt: r.heartbeatAt.toISOString(),
    heartbeatAgeSeconds: Math.max(0, Math.round(r.age)),
    state: r.stopped ? 'stopped' : r.age > LATE_AFTER_SECONDS ? 'late' : 'alive',
  }));
}
