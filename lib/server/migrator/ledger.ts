import type { ClientBase } from 'pg';
import type { AppliedRow } from './types';

/** Ledger and lock-holder tables, shared by every migration set (a `set_name` column tells them apart). */
const LEDGER_DDL = `
CREATE SCHEMA IF NOT EXISTS ferry;
CREATE TABLE IF NOT EXISTS ferry.schema_ledger (
  set_name    text        NOT NULL,
  id          text        NOT NULL,
  name        text        NOT NULL,
  checksum    text        NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  applied_at  timestamptz NOT NULL DEFAULT now(),
  applied_by  text        NOT NULL,
  duration_ms integer     NOT NULL CHECK (duration_ms >= 0),
  PRIMARY KEY (set_name, id)
);
CREATE TABLE IF NOT EXISTS ferry.migration_locks (
  set_name    text        PRIMARY KEY,
  holder      text        NOT NULL,
  pid         integer     NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);`;

/** Creates the ledger tables. Call while holding the set's advisory lock (concurrent DDL races otherwise). */
export async function ensureLedger(client: ClientBase): Promise<void> {
  await client.query(LEDGER_DDL);
}

/** Applied migrations of a set in id order; empty when the ledger does not exist yet. */
export async function readLedger(client: ClientBase, setName: string): Promise<AppliedRow[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('ferry.schema_ledger')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await client.query<AppliedRow>(
    `SELECT id, name, checksum, applied_at::text AS "appliedAt", applied_by AS "appliedBy", duration_ms AS "durationMs"
       FROM ferry.schema_ledger WHERE set_name = $1 ORDER BY id COLLATE "C"`,
    [setName],
  );
  return rows;
}

export async function insertLedgerRow(client: ClientBase, setName: string, row: Omit<AppliedRow, 'appliedAt'>): Promise<void> {
  await client.query(
    `INSERT INTO ferry.schema_ledger (set_name, id, name, checksum, applied_by, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
    [setName, row.id, row.name, row.checksum, row.appliedBy, row.durationMs],
  );
}

export async function deleteLedgerRow(client: ClientBase, setName: string, id: string): Promise<void> {
  await client.query(`DELETE FROM ferry.schema_ledger WHERE set_name = $1 AND id = $2`, [setName, id]);
}
