import { identityOf } from '../cache/recent-result';
import { unlock, waitLock, type AdvisoryLock } from './advisory-locks';
import type { Db } from './pool';

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding `lock`, one caller at a time across every process. Callers of this process
 * queue here first and only one of them holds a pooled connection waiting for the advisory lock: fifty
 * concurrent requests then never take every connection of the pool while the holder needs one more.
 */
export function withExclusive<T>(db: Db, lock: AdvisoryLock, fn: () => Promise<T>): Promise<T> {
  const key = `${identityOf(db)}/${lock.classId}/${lock.name}`;
  const run = async () => {
    const session = await db.connect();
    try {
      await waitLock(session, lock);
      try {
        return await fn();
      } finally {
        await unlock(session, lock).catch(() => undefined);
      }
    } finally {
      session.release();
    }
  };
  const result = (queues.get(key) ?? Promise.resolve()).then(run, run);
  const settled = result.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}
