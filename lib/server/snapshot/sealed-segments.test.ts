import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSealedJson, writeSealedJson } from './manifest';
import { checkHeader, HEADER_BYTES, segmentAad, SnapshotIntegrityError } from './sealed-file';
import { digestStream, openSegment } from './segment-reader';
import { SealedDataFile } from './segment-writer';
import { snapshotKeyFromHex } from './snapshot-key';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-sealed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const key = snapshotKeyFromHex('0f'.repeat(32));
const other = snapshotKeyFromHex('f0'.repeat(32));
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

async function writeTwoSegments(file: string) {
  const data = await SealedDataFile.create(file, 'data', key);
  const first = Buffer.from('row one\nrow two\n'.repeat(5000));
  const second = Buffer.from('another\n');
  const placed = [];
  for (const [i, content] of [first, second].entries()) {
    const sink = data.beginSegment(segmentAad('s', 't', `tenant-${i}`));
    for (let at = 0; at < content.length; at += 1000) await sink.write(content.subarray(at, at + 1000));
    placed.push({ ...(await sink.end()), content, aad: segmentAad('s', 't', `tenant-${i}`) });
  }
  await data.close();
  return placed;
}

describe('sealed snapshot segments', () => {
  it('round-trips segments: compressed, encrypted (no plaintext on disk), each readable on its own', async () => {
    const file = path.join(dir, 'roundtrip.data');
    const placed = await writeTwoSegments(file);
    const raw = fs.readFileSync(file);
    expect(raw.includes(Buffer.from('row one'))).toBe(false);
    expect(raw.length).toBeLessThan((placed[0]?.content.length ?? 0) / 10); // gzip
    checkHeader(raw.subarray(0, HEADER_BYTES), 'data', key, 'file');
    for (const p of placed) {
      const digest = await digestStream(await openSegment(key, { file, name: 'segment', ...p }), 'segment');
      expect(digest).toEqual({ rows: p.content.toString().split('\n').length - 1, checksum: sha(p.content) });
    }
  });

  it('refuses another key by the header, a flipped byte and a moved segment by authentication', async () => {
    const file = path.join(dir, 'tamper.data');
    const placed = await writeTwoSegments(file);
    const raw = fs.readFileSync(file);
    expect(() => checkHeader(raw.subarray(0, HEADER_BYTES), 'data', other, 'file')).toThrow(/encrypted under another key/);
    const first = placed[0] as (typeof placed)[number];
    const flipped = Buffer.from(raw);
    const at = first.offset + Math.floor(first.length / 2);
    flipped[at] = (flipped[at] as number) ^ 1;
    fs.writeFileSync(file, flipped);
    await expect(digestStream(await openSegment(key, { file, name: 'segment', ...first }), 'segment')).rejects.toMatchObject({ problem: 'modified' });
    fs.writeFileSync(file, raw);
    await expect(digestStream(await openSegment(key, { file, name: 'segment', ...first, aad: segmentAad('s', 't', 'someone-else') }), 'segment')).rejects.toBeInstanceOf(SnapshotIntegrityError);
  });

  it('seals JSON documents: wrong key, truncation and modification are told apart', async () => {
    const file = path.join(dir, 'doc.bin');
    const bytes = await writeSealedJson(file, 'manifest', key, 'aad', { hello: 'world' });
    expect(await readSealedJson(file, 'manifest', key, 'aad', 'doc', bytes)).toEqual({ hello: 'world' });
    await expect(readSealedJson(file, 'manifest', other, 'aad', 'doc', bytes)).rejects.toMatchObject({ problem: 'wrong_key' });
    await expect(readSealedJson(file, 'manifest', key, 'other aad', 'doc', bytes)).rejects.toMatchObject({ problem: 'modified' });
    fs.truncateSync(file, bytes - 5);
    await expect(readSealedJson(file, 'manifest', key, 'aad', 'doc', bytes)).rejects.toMatchObject({ problem: 'truncated' });
    await expect(readSealedJson(path.join(dir, 'absent.bin'), 'manifest', key, 'aad', 'doc', null)).rejects.toMatchObject({ problem: 'missing' });
  });
});
