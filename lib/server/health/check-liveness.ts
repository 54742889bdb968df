import type { Db } from '../db/pool';
import { FERRY_VERSION } from '../config/version';

export type Liveness = { ok: boolean; version: string; database: 'up' | 'down' };

/**
 * The public health answer: only whether Ferry and its database respond, nothing an outsider could use.
 * The database probe gives up after two seconds.
 */
export async function checkLiveness(getDb: () => Db): Promise<Liveness> {
  let database: Liveness['database'] = 'down';
  try {
    const db = getDb();
    await Promise.race([
      db.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
    ]);
    database = 'up';
  } catch {
    database = 'down';
  }
  return { ok: database === 'up', version: FERRY_VERSION, database };
}
