import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCollections } from './list-collections';
import { makeTempDir, removeDir } from './nedb-test-kit';
import { readLiveDocuments } from './read-live-documents';
import { scanCollection } from './scan-collection';
import { lineBatches } from './line-batches';

let root: string;
let dir: string;
let outside: string;
let socket: net.Server;

beforeAll(async () => {
  root = await makeTempDir('dir-safety');
  dir = path.join(root, 'legacy');
  outside = path.join(root, 'outside');
  await mkdir(dir);
  await mkdir(outside);
  await mkdir(path.join(dir, 'archive'));
  await writeFile(path.join(outside, 'secret.db'), 'root:x:0:0:root:/root:/bin/bash\n{"_id":"stolen"}\n');
  await writeFile(path.join(dir, 'users.db'), '{"_id":"u1"}\n');
  await writeFile(path.join(dir, 'archive', 'leads-v2.db'), '{"_id":"l1"}\n');
  await symlink('/etc/passwd', path.join(dir, 'passwd.db'));
  await symlink(path.join(outside, 'secret.db'), path.join(dir, 'secret.db'));
  await symlink('../outside/secret.db', path.join(dir, 'relative.db'));
  await symlink('archive/leads-v2.db', path.join(dir, 'leads.db'));
  await symlink('archive', path.join(dir, 'folder-link.db'));
  await symlink('loop-b.db', path.join(dir, 'loop-a.db'));
  await symlink('loop-a.db', path.join(dir, 'loop-b.db'));
  await symlink('nothing-here', path.join(dir, 'dangling.db'));
  await mkdir(path.join(dir, 'x.db'));
  execFileSync('mkfifo', [path.join(dir, 'pipe.db')]);
  socket = net.createServer();
  await new Promise<void>((resolve) => socket.listen(path.join(dir, 'sock.db'), resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  await removeDir(root);
});

describe('Ferry never reads outside the legacy directory', () => {
  it('lists regular files and links to regular files inside; skips everything else with the reason', async () => {
    const listing = await listCollections(dir);
    expect(listing.collections.map((c) => [c.name, path.relative(dir, c.file)])).toEqual([
      ['leads', path.join('archive', 'leads-v2.db')],
      ['users', 'users.db'],
    ]);
    expect(listing.collections[0]?.linkedFrom).toBe(path.join(dir, 'leads.db'));
    expect(listing.unreadable).toEqual([]);
    expect(Object.fromEntries(listing.skipped.map((s) => [s.name, s.reason]))).toEqual({
      dangling: 'a symbolic link to nothing (dangling)',
      'folder-link': 'a symbolic link to a directory, not to a regular file',
      'loop-a': 'a symbolic link loop',
      'loop-b': 'a symbolic link loop',
      passwd: 'a symbolic link leading outside the legacy directory (Ferry never reads outside it)',
      pipe: 'a FIFO (named pipe), not a regular file',
      relative: 'a symbolic link leading outside the legacy directory (Ferry never reads outside it)',
      secret: 'a symbolic link leading outside the legacy directory (Ferry never reads outside it)',
      sock: 'a socket, not a regular file',
      x: 'a directory, not a regular file',
    });
  });

  it('the reader refuses a symbolic link, a FIFO and a directory instead of reading them', async () => {
    await expect(scanCollection(path.join(dir, 'passwd.db'))).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('symbolic link') });
    await expect(scanCollection(path.join(dir, 'pipe.db'))).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('not a regular file') });
    await expect(scanCollection(path.join(dir, 'x.db'))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(lineBatches(path.join(dir, 'secret.db')).next()).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('a file swapped for a link after the listing is refused, not followed', async () => {
    const listing = await listCollections(dir);
    const users = listing.collections.find((c) => c.name === 'users');
    if (!users) throw new Error('users not listed');
    await rename(users.file, `${users.file}.old`);
    await symlink('/etc/passwd', users.file);
    try {
      await expect(scanCollection(users.file, { identity: users.identity })).rejects.toMatchObject({ code: 'bad_request' });
    } finally {
      await rm(users.file);
      await rename(`${users.file}.old`, users.file);
    }
  });

  it('a parent directory swapped for a link after the listing is refused (another inode)', async () => {
    const listing = await listCollections(dir);
    const leads = listing.collections.find((c) => c.name === 'leads');
    if (!leads) throw new Error('leads not listed');
    await mkdir(path.join(outside, 'archive'));
    await writeFile(path.join(outside, 'archive', 'leads-v2.db'), 'outside content\n');
    await rename(path.join(dir, 'archive'), path.join(dir, 'archive.old'));
    await symlink(path.join(outside, 'archive'), path.join(dir, 'archive'));
    try {
      await expect(scanCollection(leads.file, { identity: leads.identity })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not the file that was listed') });
    } finally {
      await rm(path.join(dir, 'archive'));
      await rename(path.join(dir, 'archive.old'), path.join(dir, 'archive'));
    }
  });

  it('pass 2 refuses a file replaced after pass 1, even with the same size and modification time', async () => {
    const file = path.join(dir, 'users.db');
    const scan = await scanCollection(file);
    const content = await readFile(file);
    await rename(file, `${file}.orig`);
    await writeFile(file, content.toString().replace('u1', 'u9'));
    execFileSync('touch', ['-r', `${file}.orig`, file]); // the very same mtime, to the nanosecond
    const now = await stat(file);
    expect([now.size, now.mtimeMs]).toEqual([scan.fingerprint.bytes, scan.fingerprint.mtimeMs]);
    await expect(readLiveDocuments(file, scan).next()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not the file that was listed') });
    await rm(`${file}.orig`);
  });
});
