import crypto from 'node:crypto';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { quoteIdent } from '../db/sql';
import type { SegmentEntry, TableEntry } from './manifest';
import { segmentLocation, type OpenedSnapshot } from './open-snapshot';
import { SnapshotIntegrityError } from './sealed-file';
import { openSegment } from './segment-reader';
import type { SnapshotKey } from './snapshot-key';
import { columnList } from './table-shape';

/** The session-local scratch table holding snapshot rows of `table` (`pg_temp.<name>`, quoted). */
export function scratchTable(table: string): string {
  return `pg_temp.${quoteIdent(`ferry_snap_${crypto.createHash('sha1').update(table).digest('hex').slice(0, 16)}`)}`;
}

/**
 * Creates (once per transaction) an empty scratch table shaped like `public.<table>` — a temporary table,
 * which isolation and Nile's one-tenant rule do not apply to, dropped at commit — and returns its name.
 * Call inside a transaction.
 */
export async function prepareScratch(client: ClientBase, table: TableEntry): Promise<string> {
  const scratch = scratchTable(table.name);
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${scratch.slice('pg_temp.'.length)} (LIKE public.${quoteIdent(table.name)}) ON COMMIT DROP`);
  await client.query(`TRUNCATE ${scratch}`);
  return scratch;
}

/**
 * Decrypts one segment straight into a scratch table (`COPY … FROM STDIN`) and checks what streamed
 * through against the manifest. A segment that fails authentication aborts the COPY, so nothing of it is
 * ever used: the caller's transaction fails with SnapshotIntegrityError `modified`.
 */
export async function loadSegment(client: ClientBase, key: SnapshotKey, opened: OpenedSnapshot, table: TableEntry, segment: SegmentEntry, scratch: string): Promise<void> {
  const at = segmentLocation(opened, table, segment);
  const hash = crypto.createHash('sha256');
  let rows = 0;
  const tap = new Transform({
    transform: (chunk: Buffer, _encoding, done) => {
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
      done(null, chunk);
    },
  });
  const copy = client.query(copyFrom(`COPY ${scratch} (${columnList(table)}) FROM STDIN`));
  await pipeline(await openSegment(key, at), tap, copy);
  if (rows !== segment.rows || hash.digest('hex') !== segment.checksum) {
    throw new SnapshotIntegrityError('modified', `${at.name} was modified: its content does not match the manifest's checksum.`);
  }
}
