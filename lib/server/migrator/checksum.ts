import crypto from 'node:crypto';
import { recordSql } from './record-sql';
import type { Migration } from './types';

/** The checksum before the first migration. */
export const GENESIS = '0'.repeat(64);

/** Hash of what a migration does: its id, name, transaction mode and the SQL of both directions. */
export async function contentHash(migration: Migration): Promise<string> {
  const body = JSON.stringify({
    id: migration.id,
    name: migration.name,
    transaction: migration.transaction !== false,
    up: await recordSql(migration, 'up'),
    down: await recordSql(migration, 'down'),
  });
  return crypto.createHash('sha256').update(body).digest('hex');
}

/**
 * A chained checksum covers the migration's content and the previous migration's checksum
 * (graphile-migrate's scheme): the ledger cannot be reordered or edited without the chain breaking.
 */
export function chainChecksum(previous: string, content: string): string {
  return crypto.createHash('sha256').update(`${previous}\n${content}`).digest('hex');
}
