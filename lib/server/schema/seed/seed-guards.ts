import { AppError } from '../../../shared/errors';
import { getEnv, isProduction, type Env } from '../../config/env';
import type { Db } from '../../db/pool';
import { inspectSet } from '../../migrator/inspect';
import { schemaMigrations } from '../schema-migrations';

/**
 * Refuses (throws `forbidden`) when the target must be treated as production: `NODE_ENV=production` or
 * `FERRY_ENV=production`. Call before any database work: seeding writes made-up data, and rolling the
 * seed back deletes rows.
 */
export function assertSeedingAllowed(action: 'seed' | 'seed rollback', env: Env = getEnv()): void {
  if (isProduction(env)) {
    const why = env.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'FERRY_ENV=production';
    throw new AppError('forbidden', `Refusing to run the development ${action}: ${why} marks this target as production. Seed data is for development and test databases only; point Ferry at one of those (and unset ${why.split('=')[0]}).`, { details: { env: why } });
  }
}

/**
 * Refuses (throws `conflict`) unless every schema migration is applied without problems: the seed
 * writes to all 11 tenant tables, as they are defined now.
 */
export async function assertSchemaMigrated(db: Db): Promise<void> {
  const client = await db.connect();
  try {
    const inspection = await inspectSet(client, schemaMigrations);
    if (inspection.pending.length > 0) {
      throw new AppError('conflict', `The target schema is not migrated (pending: ${inspection.pending.map((p) => p.id).join(', ')}). Run \`npm run db:migrate\` first.`, { details: { pending: inspection.pending.map((p) => p.id) } });
    }
    if (inspection.problems.length > 0) {
      throw new AppError('conflict', `The schema ledger disagrees with the migrations: ${inspection.problems.map((p) => p.message).join(' ')} Run \`npm run db:migrate:status\` for details.`, { details: { problems: inspection.problems } });
    }
  } finally {
    client.release();
  }
}
