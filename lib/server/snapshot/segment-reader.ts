import crypto from 'node:crypto';
import fs from 'node:fs';
import { PassThrough, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { IV_BYTES, SnapshotIntegrityError, TAG_BYTES } from './sealed-file';
import type { SnapshotKey } from './snapshot-key';

export type SegmentLocation = { file: string; name: string; offset: number; length: number; aad: string };

async function readExactly(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Any failure while decrypting or decompressing a segment means its bytes are not what was written. */
function asModified(error: unknown, name: string): Error {
  if (error instanceof SnapshotIntegrityError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SnapshotIntegrityError('missing', `${name} is missing.`);
  if (typeof code === 'string' && code.startsWith('E') && !code.startsWith('ERR_')) return error as Error;
  return new SnapshotIntegrityError('modified', `${name} was modified: a segment fails authentication.`);
}

/**
 * A segment's plaintext as a stream: the ciphertext is read from disk, decrypted and decompressed as it
 * flows. The GCM tag is checked when the ciphertext ends: the stream errors (SnapshotIntegrityError
 * `modified`) instead of ending if a single byte differs, so a consumer must treat its data as untrusted
 * until the stream has ended cleanly.
 */
export async function openSegment(key: SnapshotKey, at: SegmentLocation): Promise<Readable> {
  if (at.length < IV_BYTES + TAG_BYTES) throw new SnapshotIntegrityError('modified', `${at.name} was modified: a segment is too short.`);
  const iv = await readExactly(at.file, at.offset, IV_BYTES);
  const tag = await readExactly(at.file, at.offset + at.length - TAG_BYTES, TAG_BYTES);
  if (iv.length < IV_BYTES || tag.length < TAG_BYTES) throw new SnapshotIntegrityError('truncated', `${at.name} is truncated.`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAAD(Buffer.from(at.aad, 'utf8'));
  decipher.setAuthTag(tag);
  const open = new Transform({
    transform: (chunk: Buffer, _encoding, done) => done(null, decipher.update(chunk)),
    flush: (done) => {
      try {
        done(null, decipher.final());
      } catch {
        done(new SnapshotIntegrityError('modified', `${at.name} was modified: a segment fails authentication.`));
      }
    },
  });
  const cipherText = fs.createReadStream(at.file, { start: at.offset + IV_BYTES, end: at.offset + at.length - TAG_BYTES - 1, highWaterMark: 256 * 1024 });
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  pipeline(cipherText, open, zlib.createGunzip(), out).catch((error: unknown) => out.destroy(asModified(error, at.name)));
  return out;
}

/** Rows (newline count) and sha256 of a plaintext stream, as the manifest records them per segment. */
export async function digestStream(source: Readable, name: string): Promise<{ rows: number; checksum: string }> {
  const hash = crypto.createHash('sha256');
  let rows = 0;
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
      done();
    },
  });
  try {
    await pipeline(source, sink);
  } catch (error) {
    throw asModified(error, name);
  }
  return { rows, checksum: hash.digest('hex') };
}
