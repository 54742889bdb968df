import crypto from 'node:crypto';
import type { ClientBase } from 'pg';
import { unlessUndefinedTable } from '../db/pg-errors';

/** A pool or a client: what these reads and writes need. */
export type Queryable = Pick<ClientBase, 'query'>;

const GENERATION = 'target_generation';
const ADAPTER_MODE = 'adapter_mode';

/**
 * The target generation: a counter bumped by whatever changes the migrated tables — a run starting to
 * load, a rollback completing. A snapshot taken at the current generation, on the current schema, with
 * the same row counts, still describes the target (find-fresh-snapshot.ts).
 */
export async function readGeneration(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: string }>(`SELECT value #>> '{}' AS n FROM ferry.settings WHERE key = $1`, [GENERATION]);
  return rows[0] ? Number(rows[0].n) : 0;
}

/** Bumps the generation (a shared-table write: its own transaction, or one writing shared tables only). */
export async function bumpGeneration(q: Queryable, actor: string): Promise<number> {
  const { rows } = await q.query<{ n: string }>(
    `INSERT INTO ferry.settings (key, value, updated_by) VALUES ($1, '1'::jsonb, $2)
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb((ferry.settings.value #>> '{}')::bigint + 1), updated_at = now(), updated_by = EXCLUDED.updated_by
     RETURNING value #>> '{}' AS n`,
    [GENERATION, actor],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * What the target schema is: the applied migrations of the target schema set (id, checksum, when). A
 * migration applied, rolled back or re-applied changes it, whoever ran it (console, CLI, another Ferry).
 */
export async function schemaFingerprint(q: Queryable): Promise<string> {
  const text = await unlessUndefinedTable(async () => {
    const { rows } = await q.query<{ t: string | null }>(
      `SELECT string_agg(id || ':' || checksum || ':' || to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), ',' ORDER BY id COLLATE "C") AS t
         FROM ferry.schema_ledger WHERE set_name = 'schema'`,
    );
    return rows[0]?.t ?? '';
  }, '');
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** The query adapter's mode (`legacy` until the cutover issue's adapter says otherwise). */
export async function readAdapterMode(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ v: string }>(`SELECT value #>> '{}' AS v FROM ferry.settings WHERE key = $1`, [ADAPTER_MODE]);
  return rows[0]?.v ?? 'legacy';
}

/** Sets the adapter mode (a rollback puts reads back on the legacy store). */
export async function setAdapterMode(q: Queryable, mode: string, actor: string): Promise<void> {
  await q.query(
    `INSERT INTO ferry.settings (key, value, updated_by) VALUES ($1, to_jsonb($2::text), $3)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [ADAPTER_MODE, mode, actor],
  );
}
