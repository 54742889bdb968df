import crypto from 'node:crypto';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** sha256 of no bytes: the checksum of an empty segment. */
export const EMPTY_CHECKSUM = crypto.createHash('sha256').digest('hex');

export type Digest = { rows: number; checksum: string; bytes: number };

/**
 * Fixes how values are printed for the rest of the transaction, so the same rows give the same COPY text
 * in every session (time zone, date and interval styles, float digits, bytea): snapshots, checks and
 * restores compare checksums of that text.
 */
export async function fixOutputSettings(client: ClientBase): Promise<void> {
  await client.query(`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'`);
}

/** Streams `COPY (<select>) TO STDOUT` (text format) chunk by chunk into `onChunk`, with backpressure. */
export async function copyOut(client: ClientBase, select: string, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<void> {
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
  for await (const chunk of stream as AsyncIterable<Buffer>) await onChunk(chunk);
}

/** Rows, sha256 and size of the COPY text of `select` (call inside a transaction after fixOutputSettings). */
export async function copyDigest(client: ClientBase, select: string): Promise<Digest> {
  const hash = crypto.createHash('sha256');
  let rows = 0;
  let bytes = 0;
  await copyOut(client, select, (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
  });
  return { rows, checksum: hash.digest('hex'), bytes };
}
