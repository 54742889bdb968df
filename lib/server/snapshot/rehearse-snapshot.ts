import type { Db } from '../db/pool';
import { copyDigest, fixOutputSettings } from './copy-digest';
import { loadSegment, prepareScratch } from './load-segment';
import type { OpenedSnapshot } from './open-snapshot';
import type { SnapshotKey } from './snapshot-key';
import { orderedSelect } from './table-shape';

export type RehearsalProgress = { tablesDone: number; rows: number };

/**
 * The restore rehearsal: every segment of every table is decrypted and restored into a scratch table
 * (the session's temporary schema, as the runtime role), then read back with the same ordered COPY that
 * took it; the rows and checksum must equal the manifest's. Only a snapshot that passes is `verified`.
 * @throws SnapshotIntegrityError when a segment fails authentication; Error when one does not read back exactly.
 */
export async function rehearseSnapshot(db: Db, opened: OpenedSnapshot, key: SnapshotKey, onProgress?: (progress: RehearsalProgress) => void): Promise<void> {
  const client = await db.connect();
  const progress: RehearsalProgress = { tablesDone: 0, rows: 0 };
  try {
    for (const table of opened.manifest.tables) {
      await client.query('BEGIN');
      try {
        await fixOutputSettings(client);
        const scratch = await prepareScratch(client, table);
        for (const segment of table.segments) {
          await client.query(`TRUNCATE ${scratch}`);
          await loadSegment(client, key, opened, table, segment, scratch);
          const back = await copyDigest(client, orderedSelect(table, 'TRUE', scratch));
          if (back.rows !== segment.rows || back.checksum !== segment.checksum) {
            throw new Error(`Restore rehearsal of ${table.name}${segment.tenantId ? ` (tenant ${segment.tenantId})` : ''}: ${back.rows} rows read back, checksum ${back.checksum.slice(0, 12)}; the snapshot holds ${segment.rows} rows, checksum ${segment.checksum.slice(0, 12)}.`);
          }
          progress.rows += segment.rows;
          onProgress?.(progress);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      progress.tablesDone += 1;
      onProgress?.(progress);
    }
  } finally {
    client.release();
  }
}
