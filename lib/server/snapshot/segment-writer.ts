import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { fileHeader, IV_BYTES, type FileKind } from './sealed-file';
import type { SnapshotKey } from './snapshot-key';

/** Where a sealed segment landed in its file. */
export type SegmentPlace = { offset: number; length: number };

export type SegmentSink = {
  /** Appends plaintext; waits when compression and the disk fall behind (bounded memory). */
  write(chunk: Buffer): Promise<void>;
  /** Finishes the segment (final block, tag) and says where it is. */
  end(): Promise<SegmentPlace>;
};

/**
 * A snapshot data file being written: a header, then segments one after another, each gzip-compressed
 * (fast level) and sealed with AES-256-GCM under its own random IV. Segments stream: a table of any size
 * passes through in bounded memory.
 */
export class SealedDataFile {
  private position = 0;
  private open = false;

  private constructor(private readonly handle: fs.FileHandle, private readonly key: SnapshotKey) {}

  /** Creates the file (it must not exist) and writes its header. */
  static async create(file: string, kind: FileKind, key: SnapshotKey): Promise<SealedDataFile> {
    const handle = await fs.open(file, 'wx', 0o600);
    const sealed = new SealedDataFile(handle, key);
    const header = fileHeader(kind, key);
    await handle.write(header, 0, header.length, 0);
    sealed.position = header.length;
    return sealed;
  }

  get bytes(): number {
    return this.position;
  }

  /** Starts a segment bound to `aad`; one segment at a time. */
  beginSegment(aad: string): SegmentSink {
    if (this.open) throw new Error('A segment is already open.');
    this.open = true;
    const offset = this.position;
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const gzip = zlib.createGzip({ level: 1 });
    const seal = new Transform({
      transform: (chunk: Buffer, _encoding, done) => done(null, cipher.update(chunk)),
      flush: (done) => done(null, Buffer.concat([cipher.final(), cipher.getAuthTag()])),
    });
    const disk = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        const at = this.position;
        this.position += chunk.length;
        this.handle.write(chunk, 0, chunk.length, at).then(() => done(), done);
      },
    });
    disk.write(iv);
    const finished = pipeline(gzip, seal, disk);
    finished.catch(() => undefined); // surfaced by write/end
    return {
      write: async (chunk) => {
        if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), finished]);
      },
      end: async () => {
        gzip.end();
        await finished;
        this.open = false;
        return { offset, length: this.position - offset };
      },
    };
  }

  /** Flushes the file to disk and closes it. */
  async close(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes without syncing (after a failure). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
