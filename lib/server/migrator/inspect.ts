import type { ClientBase } from 'pg';
import { chainChecksum, contentHash, GENESIS } from './checksum';
import { readLedger } from './ledger';
import { readLockHolder } from './lock';
import type { AppliedRow, LockHolder, Migration, MigrationProblem, MigrationSet } from './types';

export type AppliedEntry = AppliedRow & { isEdited: boolean; isMissing: boolean };
export type PendingEntry = { id: string; name: string; description?: string; checksum: string };

export type SetInspection = {
  set: string;
  applied: AppliedEntry[];
  pending: PendingEntry[];
  problems: MigrationProblem[];
  lock: LockHolder | null;
};

/** Migrations sorted by id (byte order, as the ledger sorts), with duplicate ids refused. */
export function sortMigrations(migrations: Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i]?.id === sorted[i - 1]?.id) throw new Error(`Two migrations share the id ${sorted[i]?.id}.`);
  }
  return sorted;
}

/**
 * Compares the local migrations with the ledger. Problems, each with what to do:
 * - `missing`: applied but no longer present locally;
 * - `edited`: present, but its chained checksum differs from the one recorded when it was applied;
 * - `out_of_order`: pending, yet its id sorts before an applied one.
 * Each applied migration is judged against the recorded checksum of its predecessor, so one edit is
 * reported once, not for every later migration.
 */
export async function inspectSet(client: ClientBase, set: MigrationSet): Promise<SetInspection> {
  const local = sortMigrations(set.migrations);
  const byId = new Map(local.map((m) => [m.id, m]));
  const ledger = await readLedger(client, set.name);
  const problems: MigrationProblem[] = [];
  const applied: AppliedEntry[] = [];

  let previous = GENESIS;
  for (const row of ledger) {
    const migration = byId.get(row.id);
    if (!migration) {
      problems.push({ kind: 'missing', id: row.id, message: `Migration ${row.id} (${row.name}) was applied on ${row.appliedAt} but its file is missing. Restore the file, or roll the database back to before it with a copy that has it.` });
      applied.push({ ...row, isEdited: false, isMissing: true });
    } else {
      const expected = chainChecksum(previous, await contentHash(migration));
      const isEdited = expected !== row.checksum;
      if (isEdited) {
        problems.push({ kind: 'edited', id: row.id, message: `Migration ${row.id} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} recorded, ${expected.slice(0, 12)} now). Revert the edit and put the change in a new migration.` });
      }
      applied.push({ ...row, isEdited, isMissing: false });
    }
    previous = row.checksum;
  }

  const appliedIds = new Set(ledger.map((r) => r.id));
  const lastApplied = ledger.at(-1)?.id;
  const pending: PendingEntry[] = [];
  for (const migration of local.filter((m) => !appliedIds.has(m.id))) {
    if (lastApplied !== undefined && migration.id < lastApplied) {
      problems.push({ kind: 'out_of_order', id: migration.id, message: `Migration ${migration.id} is new but sorts before the applied ${lastApplied}. Rename it with an id after ${lastApplied}.` });
    }
    previous = chainChecksum(previous, await contentHash(migration));
    pending.push({ id: migration.id, name: migration.name, description: migration.description, checksum: previous });
  }

  return { set: set.name, applied, pending, problems, lock: await readLockHolder(client, set.name) };
}
