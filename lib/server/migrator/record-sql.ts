import type { Migration, MigrationDb } from './types';

/**
 * The SQL a migration issues in one direction, captured without a database: `up`/`down` run against a
 * recorder whose `query` stores the statement and answers an empty result.
 */
export async function recordSql(migration: Migration, direction: 'up' | 'down'): Promise<string[]> {
  const statements: string[] = [];
  const recorder: MigrationDb = {
    query: async (sql) => {
      statements.push(sql.trim());
      return { rows: [], rowCount: 0 };
    },
  };
  await migration[direction](recorder);
  return statements;
}
