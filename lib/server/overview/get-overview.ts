import fs from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '../config/env';
import { legacySource } from '../config/legacy-dir';
import { hostOf } from '../db/open-database';
import { databaseKind, type DatabaseKind, type Db } from '../db/pool';

export type Overview = {
  database: {
    kind: DatabaseKind;
    location: string;
    serverVersion: string | null;
    tenantCount: number | null;
    /** False when the connected role is a superuser or bypasses RLS: tenant isolation would not apply. */
    isIsolationEnforced: boolean | null;
    error?: string;
  };
  legacy: { dir: string; isDemo: boolean; exists: boolean; collectionFiles: number; bytes: number; error?: string };
};

async function describeLegacy(): Promise<Overview['legacy']> {
  const { dir, isDemo } = legacySource();
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.db'));
    const sizes = await Promise.all(files.map((f) => fs.stat(path.join(dir, f.name)).then((s) => s.size)));
    return { dir, isDemo, exists: true, collectionFiles: files.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { dir, isDemo, exists: false, collectionFiles: 0, bytes: 0, error: code === 'ENOENT' ? 'The directory does not exist.' : `Cannot read it (${code}).` };
  }
}

/** What is real so far: the target database and the legacy source, read live (no cached or sample numbers). */
export async function getOverview(db: Db): Promise<Overview> {
  const env = getEnv();
  const kind = databaseKind(env);
  const location = kind === 'nile' ? `Nile (${hostOf(env.NILEDB_POSTGRES_URL)})` : kind === 'embedded' ? `embedded, ${hostOf(env.DATABASE_URL)}, data in ${env.dataDir}` : hostOf(env.DATABASE_URL);
  const database: Overview['database'] = { kind, location, serverVersion: null, tenantCount: null, isIsolationEnforced: null };
  try {
    const { rows } = await db.query<{ version: string; tenants: number | null; enforced: boolean }>(
      `SELECT current_setting('server_version') AS version,
              (SELECT count(*)::int FROM tenants WHERE deleted IS NULL) AS tenants,
              NOT (rolsuper OR rolbypassrls) AS enforced
         FROM pg_roles WHERE rolname = current_user`,
    );
    const row = rows[0];
    if (row) Object.assign(database, { serverVersion: row.version, tenantCount: row.tenants, isIsolationEnforced: row.enforced });
  } catch (error) {
    database.error = (error as Error).message.includes('tenants') ? 'No tenants table: this database is neither Nile nor prepared by Ferry.' : 'The database did not answer.';
  }
  return { database, legacy: await describeLegacy() };
}
