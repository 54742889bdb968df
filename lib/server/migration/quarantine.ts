import type { ClientBase } from 'pg';

/** A legacy document (or line) that was not migrated, kept with why and where it came from. */
export type QuarantineRow = { line: number; legacyId: string | null; tenantKey: string | null; reason: string; document: string };

/**
 * Stores quarantined documents. Idempotent (the primary key is run, collection, line), so a batch that
 * is retried after a crash quarantines each document once. Returns how many were new (what counters add).
 */
export async function insertQuarantine(client: ClientBase, runId: string, collection: string, file: string, rows: QuarantineRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await client.query(
    `INSERT INTO ferry.quarantine (run_id, collection, file, line, legacy_id, tenant_key, reason, document)
     SELECT $1, $2, $3, * FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (run_id, collection, line) DO NOTHING`,
    [runId, collection, file, rows.map((r) => r.line), rows.map((r) => r.legacyId), rows.map((r) => r.tenantKey), rows.map((r) => r.reason), rows.map((r) => r.document)],
  );
  return result.rowCount ?? 0;
}
