import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCollections } from './list-collections';
import { makeTempDir, removeDir, writeWithNedb } from './nedb-test-kit';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('list');
});
afterAll(async () => {
  await removeDir(dir);
});

describe('listCollections', () => {
  it('lists every <collection>.db sorted by name, ignores other files, skips entries that are not regular files', async () => {
    await writeWithNedb(path.join(dir, 'users.db'), (db) => db.insertAsync({ _id: 'u1' }).then(() => undefined));
    await writeWithNedb(path.join(dir, 'admin-users.db'), async () => undefined);
    await writeFile(path.join(dir, 'Zeta.db'), '{"_id":"z"}\n');
    await writeFile(path.join(dir, 'users.db~'), 'stale backup NeDB ignores\n');
    await writeFile(path.join(dir, 'leads.db~'), '{"_id":"l1"}\n');
    await writeFile(path.join(dir, 'notes.txt'), 'not a collection');
    await writeFile(path.join(dir, 'archive.db.bak'), '{}');
    await writeFile(path.join(dir, '.db'), '');
    await mkdir(path.join(dir, 'folder.db'));
    await symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling.db'));

    const listing = await listCollections(dir);
    expect(listing.dir).toBe(dir);
    expect(listing.collections.map((c) => [c.name, path.basename(c.file), c.fromCrashBackup])).toEqual([
      ['Zeta', 'Zeta.db', false],
      ['admin-users', 'admin-users.db', false],
      ['leads', 'leads.db~', true],
      ['users', 'users.db', false],
    ]);
    expect(listing.collections.find((c) => c.name === 'users')?.bytes).toBeGreaterThan(0);
    expect(listing.unreadable).toEqual([]);
    expect(listing.skipped).toEqual([
      { file: path.join(dir, 'dangling.db'), name: 'dangling', reason: 'a symbolic link to nothing (dangling)' },
      { file: path.join(dir, 'folder.db'), name: 'folder', reason: 'a directory, not a regular file' },
    ]);
  });

  it('says clearly when the directory is missing or is a file', async () => {
    await expect(listCollections(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('Legacy directory not found') });
    await expect(listCollections(path.join(dir, 'notes.txt'))).rejects.toMatchObject({ code: 'bad_request' });
  });
});
