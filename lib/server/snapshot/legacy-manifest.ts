import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { LegacyFileEntry } from './manifest';

/**
 * Name, size and sha256 of every NeDB file of the legacy directory (`*.db`, and `*.db~` crash backups),
 * read only — Ferry never writes a legacy file. A directory that cannot be read is recorded with the
 * reason instead of failing the snapshot: the target data is what a rollback restores.
 */
export async function legacyManifest(dir: string): Promise<{ dir: string; files: LegacyFileEntry[]; error: string | null }> {
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && /\.db~?$/.test(e.name)).map((e) => e.name).sort();
  } catch (error) {
    return { dir, files: [], error: (error as Error).message };
  }
  const files: LegacyFileEntry[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        hash.update(chunk);
        bytes += chunk.length;
      }
    });
    files.push({ name, bytes, sha256: hash.digest('hex') });
  }
  return { dir, files, error: null };
}
