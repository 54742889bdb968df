import type { ClientBase } from 'pg';
import { releaseMemory } from '../legacy/release-memory';
import { BatchBuffer } from './batch-buffer';
import { BIG_VALUE_CHARS } from './build-rows';
import { copyInto } from './copy-into';

/** A legacy document (or line) that was not migrated, kept with why and where it came from. */
export type QuarantineRow = { line: number; legacyId: string | null; tenantKey: string | null; reason: string; document: string };

const STAGE = 'ferry_quarantine_stage';
const STAGE_COLUMNS = ['run_id', 'collection', 'file', 'line', 'legacy_id', 'tenant_key', 'reason', 'document'];

/**
 * Stores quarantined documents. Idempotent (the primary key is run, collection, line), so a batch that
 * is retried after a crash quarantines each document once. Returns how many were new (what counters add).
 * A document over BIG_VALUE_CHARS does not go through query parameters (the driver would copy it three
 * or four times into arrays and protocol buffers): it is encoded once into COPY text, copied into a
 * session-local stage, and moved with the same `ON CONFLICT DO NOTHING`.
 */
export async function insertQuarantine(client: ClientBase, runId: string, collection: string, file: string, rows: QuarantineRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const big = rows.filter((r) => r.document.length > BIG_VALUE_CHARS);
  const small = big.length === 0 ? rows : rows.filter((r) => r.document.length <= BIG_VALUE_CHARS);
  let inserted = 0;
  if (small.length > 0) {
    const result = await client.query(
      `INSERT INTO ferry.quarantine (run_id, collection, file, line, legacy_id, tenant_key, reason, document)
       SELECT $1, $2, $3, * FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT (run_id, collection, line) DO NOTHING`,
      [runId, collection, file, small.map((r) => r.line), small.map((r) => r.legacyId), small.map((r) => r.tenantKey), small.map((r) => r.reason), small.map((r) => r.document)],
    );
    inserted += result.rowCount ?? 0;
  }
  for (const row of big) inserted += await insertBig(client, runId, collection, file, row);
  return inserted;
}

async function insertBig(client: ClientBase, runId: string, collection: string, file: string, row: QuarantineRow): Promise<number> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} ON COMMIT DELETE ROWS AS SELECT ${STAGE_COLUMNS.join(', ')} FROM ferry.quarantine WITH NO DATA`);
  releaseMemory(); // the document's parsed form is garbage by now: free it before its bytes are allocated
  const batch = new BatchBuffer({ tenantKey: null, keepDocuments: false });
  batch.push(row.line, row.legacyId ?? '', [runId, collection, file, String(row.line), row.legacyId, row.tenantKey, row.reason, row.document]);
  await copyInto(client, STAGE, STAGE_COLUMNS, batch.toBuffer());
  const result = await client.query(
    `INSERT INTO ferry.quarantine (${STAGE_COLUMNS.join(', ')}) SELECT ${STAGE_COLUMNS.join(', ')} FROM pg_temp.${STAGE}
     ON CONFLICT (run_id, collection, line) DO NOTHING`,
  );
  await client.query(`DELETE FROM pg_temp.${STAGE}`);
  return result.rowCount ?? 0;
}
