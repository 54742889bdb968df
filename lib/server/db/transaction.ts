import type { PoolClient } from 'pg';
import type { Db } from './pool';

/**
 * Runs `fn` in one transaction on a checked-out client: `COMMIT` when it resolves, `ROLLBACK` when it
 * throws. A client whose rollback fails is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(db: Db, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
