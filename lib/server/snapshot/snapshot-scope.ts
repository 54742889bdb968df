import type { MigrationSource } from '../migration/migration-source';

/** The document tables every mapping may write (zero-config admin and application documents). */
export const DOCUMENT_TABLES = ['admin_documents', 'app_documents'] as const;

/**
 * What a snapshot for runs of `source` must capture: Nile's `tenants` (runs create tenants), the
 * document tables, and every typed table the mapping names. Tables that do not exist when the snapshot is
 * taken are left out by the writer (a table created later changes the schema, which makes it stale).
 */
export function snapshotScope(source: MigrationSource): { legacyDir: string; tables: string[] } {
  const typed = Object.values(source.mapping.config.collections).flatMap((c) => (c.table && c.columns ? [c.table] : []));
  return { legacyDir: source.legacyDir, tables: [...new Set(['tenants', ...DOCUMENT_TABLES, ...typed])] };
}
