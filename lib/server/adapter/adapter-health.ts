import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Db } from '../db/pool';
import type { MigrationSource } from '../migration/migration-source';
import type { AdapterHealth } from '../../shared/contracts/adapter';

/**
 * Seed 004's `healthCheck()`: can each store answer now? Legacy: the legacy directory is readable.
 * New: the target database answers a query on a document table within two seconds.
 */
export async function adapterHealthCheck(db: Db, source: MigrationSource): Promise<AdapterHealth> {
  const legacy = await access(source.legacyDir, constants.R_OK | constants.X_OK).then(
    () => ({ healthy: true, detail: 'The legacy directory is readable.' }),
    (error: NodeJS.ErrnoException) => ({ healthy: false, detail: `The legacy directory cannot be read (${error.code ?? 'error'}).` }),
  );
  let timer: NodeJS.Timeout | undefined;
  const fresh = await Promise.race([
    db.query(`SELECT 1 FROM admin_documents LIMIT 1`).then(() => ({ healthy: true, detail: 'NileDB answers.' })),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
  ]).catch((error: unknown) => ({ healthy: false, detail: (error as Error).message === 'timeout' ? 'NileDB did not answer within 2 s.' : 'NileDB did not answer.' }))
    .finally(() => clearTimeout(timer));
  return { legacy, new: fresh };
}
