import type { Db } from '../db/pool';

export type WorkerRegistration = { id: string; pid: number; host: string; kinds: string[] };

/** Records a worker as alive (Health shows workers and the age of their last heartbeat). */
export async function registerWorker(db: Db, worker: WorkerRegistration): Promise<void> {
  await db.query(
    `INSERT INTO ferry.workers (id, pid, host, kinds) VALUES ($1, $2, $3, $4)`,
    [worker.id, worker.pid, worker.host, worker.kinds],
  );
  // Workers that stopped or died a day ago are history nobody reads.
  await db.query(`DELETE FROM ferry.workers WHERE heartbeat_at < now() - interval '1 day'`);
}

/** A worker's heartbeat, every two seconds. */
export async function beatHeart(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE ferry.workers SET heartbeat_at = now() WHERE id = $1`, [id]);
}

export async function unregisterWorker(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE ferry.workers SET stopped_at = now() WHERE id = $1`, [id]);
}
