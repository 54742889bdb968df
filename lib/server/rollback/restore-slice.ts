import type { ClientBase } from 'pg';
import { quoteIdent } from '../db/sql';
import { columnList, keyMatch, rowText } from '../snapshot/table-shape';
import { scratchOf, xidArray, type Slice } from './slice';

const target = (slice: Slice) => `public.${quoteIdent(slice.table.name)}`;

/**
 * Removes the run's rows of a slice. Without `acceptLoss` only rows still as the run wrote them go (their
 * `xmin` is one of the run's batches): a row changed by someone since — even while this statement
 * waited for it — is left in place, never destroyed unseen.
 */
export async function deleteRunRows(client: ClientBase, slice: Slice, acceptLoss: boolean): Promise<number> {
  if (!slice.run) return 0;
  const unchanged = !acceptLoss && slice.xids ? ` AND c.xmin = ANY(${xidArray(slice.xids)})` : '';
  const result = await client.query(`DELETE FROM ${target(slice)} c WHERE ${slice.where('c')} AND ${slice.run('c')}${unchanged}`);
  return result.rowCount ?? 0;
}

/** Deletes the slice's rows whose key is not in the snapshot (the scratch table is loaded). */
export async function deleteNotInSnapshot(client: ClientBase, slice: Slice): Promise<number> {
  const result = await client.query(
    `DELETE FROM ${target(slice)} c WHERE ${slice.where('c')} AND NOT EXISTS (SELECT 1 FROM ${scratchOf(slice.table)} s WHERE ${keyMatch(slice.table, 's', 'c')})`,
  );
  return result.rowCount ?? 0;
}

/**
 * Brings the slice's rows back to the snapshot in place: rows whose values differ are updated, rows the
 * snapshot has and the target lacks are inserted. Never a delete-and-reinsert of everything: other tables
 * may reference these rows. Returns the rows written.
 */
export async function upsertFromSnapshot(client: ClientBase, slice: Slice): Promise<number> {
  const t = slice.table;
  const s = scratchOf(t);
  const keys = new Set(t.order);
  const values = t.columns.filter((c) => !keys.has(c));
  let written = 0;
  if (values.length > 0) {
    const updated = await client.query(
      `UPDATE ${target(slice)} c SET (${values.map((v) => quoteIdent(v)).join(', ')}) = ROW(${values.map((v) => `s.${quoteIdent(v)}`).join(', ')})
         FROM ${s} s WHERE ${keyMatch(t, 's', 'c')} AND ${slice.where('c')} AND ${rowText(t, 's')} <> ${rowText(t, 'c')}`,
    );
    written += updated.rowCount ?? 0;
  }
  const inserted = await client.query(
    `INSERT INTO ${target(slice)} (${columnList(t)}) OVERRIDING SYSTEM VALUE
     SELECT ${columnList(t, 's')} FROM ${s} s WHERE ${slice.where('s')} AND NOT EXISTS (SELECT 1 FROM ${target(slice)} c WHERE ${keyMatch(t, 's', 'c')})`,
  );
  return written + (inserted.rowCount ?? 0);
}
