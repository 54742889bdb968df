import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/shared/errors';
import { classifyRecord } from './interpret-line';
import { lineBatches } from './line-batches';
import { findInvalidKey } from './nedb-deserialize';
import { openLegacyFile } from './open-legacy-file';
import { safeExcerpt } from './safe-text';
import type { CollectionScan, IndexDefinition, LineSample, SampledCount, ScanOptions } from './types';

const RESUME_EVERY = 4096;
const EXCERPT_CHARS = 120;
const INVALID_DETAILS = 1000;
const INVALID_DATE_REASON = 'a $$date NeDB turns into an Invalid Date (kept as NeDB has it: it writes it back as {"$$date":null})';
const NEDB_CORRUPT_ALERT_THRESHOLD = 0.1; // persistence.js constructor default

const PROTO_REASON =
  '_id "__proto__": NeDB\'s loader stores documents in a plain object, so this assignment replaces that ' +
  "object's prototype instead of storing the document; NeDB never loads it";

/**
 * Pass 1: stream a NeDB datafile once and work out, with NeDB's own loading rules (interpret-line.ts),
 * which record holds the final version of every live `_id`, plus the exact accounting. Records are
 * NeDB's (line-batches.ts: the file cut at `\n`, `\r\n`, a lone `\r`, U+2028…), numbered in file order.
 * Memory holds one `String(_id)` → record entry per live id, never a document.
 *
 * `_id` `"__proto__"` is reproduced too: NeDB's `dataById["__proto__"] = doc` sets the prototype of
 * its index object, so the document is not loaded (counted in `withoutId` with the reason) — unless
 * the current prototype document has an own `__proto__` key, in which case the assignment creates an
 * ordinary own entry that later lines replace and tombstones delete like any other id.
 *
 * The file is opened once (openLegacyFile: no symbolic link, a regular file, the listed inode when
 * `options.identity` is given) and size and mtime are taken from that descriptor before and after.
 * Every text that ends up in the result (excerpts, reasons, index names) is safe to store (safe-text.ts).
 * Never throws on file content: corrupt records are counted, sampled and skipped.
 * @throws AppError `not_found` if the file is missing, `bad_request` if it is a symbolic link or not a
 *   regular file, `conflict` if it is not the listed file or changed while being read; other fs errors
 *   (permissions) as is.
 */
export async function scanCollection(filePath: string, options: ScanOptions = {}): Promise<CollectionScan> {
  const maxSamples = options.maxSamples ?? 20;
  const opened = await openLegacyFile(filePath, options.identity);
  try {
    return await scanOpened(filePath, opened, maxSamples, options);
  } finally {
    await opened.handle.close();
  }
}

async function scanOpened(filePath: string, before: Awaited<ReturnType<typeof openLegacyFile>>, maxSamples: number, options: ScanOptions): Promise<CollectionScan> {
  const ids = new Map<string, number>();
  const corrupt = sampled();
  const withoutId = sampled();
  const indexes = new Map<string, IndexDefinition>();
  /** Live ids whose final version has a key NeDB cannot serialize → that record (no text: bounded). */
  const invalid = new Map<string, number>();
  /** Details of the first invalid-key records seen, for samples (capped, so memory stays bounded). */
  const invalidDetails = new Map<number, LineSample>();
  /** Live ids whose final version holds an Invalid Date → that record, and the first excerpts. */
  const invalidDates = new Map<string, number>();
  const invalidDateDetails = new Map<number, LineSample>();
  const offsets: number[] = [];
  let lines = 0, superseded = 0, deleted = 0, metadata = 0, blank = 0;
  let protoShadowed = false;

  const note = (count: SampledCount, line: number, text: string, reason: string) => {
    count.count += 1;
    if (count.samples.length < maxSamples) count.samples.push({ line, excerpt: excerpt(text), reason: safeExcerpt(reason, 300) });
  };

  const batches = lineBatches(filePath, {
    handle: before.handle,
    endOffset: before.size,
    checkpoint: { every: RESUME_EVERY, record: (_line, offset) => offsets.push(offset) },
  });
  for await (const batch of batches) {
    for (const { line, text } of batch) {
      lines = line;
      const result = text === '' ? BLANK : classifyRecord(text, 'scan');
      switch (result.kind) {
        case 'blank':
          blank += 1;
          break;
        case 'corrupt':
          note(corrupt, line, text, result.error);
          break;
        case 'ignored':
          note(withoutId, line, text, result.reason);
          break;
        case 'index-created':
          metadata += 1;
          indexes.set(result.fieldName, toIndexDefinition(result.fieldName, result.definition));
          break;
        case 'index-removed':
          metadata += 1;
          indexes.delete(result.fieldName);
          break;
        case 'tombstone':
          deleted += 1;
          if (ids.delete(result.key)) superseded += 1;
          if (invalid.size > 0) invalid.delete(result.key);
          if (invalidDates.size > 0) invalidDates.delete(result.key);
          break;
        case 'document': {
          const { key, doc } = result;
          // `doc` is as plainly parsed in scan mode: own keys are the same as after deserialization.
          if (key === '__proto__' && !protoShadowed && !ids.has(key)) {
            note(withoutId, line, text, PROTO_REASON);
            protoShadowed = Object.hasOwn(doc, '__proto__');
            break;
          }
          const known = ids.size;
          ids.set(key, line);
          if (ids.size === known) superseded += 1; // one hash lookup instead of has() + set()
          if (result.hasInvalidKey) {
            invalid.set(key, line);
            const bad = findInvalidKey(doc);
            if (bad && invalidDetails.size < INVALID_DETAILS) invalidDetails.set(line, { line, excerpt: excerpt(text), reason: safeExcerpt(`key "${bad.path}": ${bad.rule}`, 300) });
          } else if (invalid.size > 0) invalid.delete(key);
          if (result.hasInvalidDate) {
            invalidDates.set(key, line);
            if (invalidDateDetails.size < INVALID_DETAILS) invalidDateDetails.set(line, { line, excerpt: excerpt(text), reason: INVALID_DATE_REASON });
          } else if (invalidDates.size > 0) invalidDates.delete(key);
          break;
        }
      }
    }
  }

  const after = await before.handle.stat();
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new AppError('conflict', `Legacy file ${filePath} changed while it was being read; stop the application writing it and scan again`);
  }

  const finalLines = Uint32Array.from(ids.values()).sort();
  const records = lines - blank;
  return {
    stats: {
      name: path.basename(filePath).replace(/\.db~?$/, ''),
      file: filePath,
      bytes: before.size,
      lines,
      live: ids.size,
      superseded,
      deleted,
      metadata,
      blank,
      corrupt,
      withoutId,
      nedb: {
        records,
        corruptRecords: corrupt.count,
        corruptionRate: records === 0 ? 0 : corrupt.count / records,
        exceedsCorruptThreshold: records > 0 && corrupt.count / records > (options.corruptAlertThreshold ?? NEDB_CORRUPT_ALERT_THRESHOLD),
        indexes: [...indexes.values()],
        invalidKeys: flaggedSamples(invalid, invalidDetails, maxSamples, 'a key contains "." or starts with "$"'),
        invalidDates: flaggedSamples(invalidDates, invalidDateDetails, maxSamples, INVALID_DATE_REASON),
      },
    },
    finalLines,
    ...(options.keepIds ? { ids } : {}),
    resumePoints: { every: RESUME_EVERY, offsets },
    fingerprint: { bytes: before.size, mtimeMs: before.mtimeMs, dev: before.dev, ino: before.ino },
  };
}

const BLANK = { kind: 'blank' } as const;

/** The exact count of live flagged documents, with the details of the first ones (by record). */
function flaggedSamples(flagged: Map<string, number>, details: Map<number, LineSample>, maxSamples: number, fallback: string): SampledCount {
  const first = Uint32Array.from(flagged.values()).sort().slice(0, maxSamples);
  return { count: flagged.size, samples: [...first].map((line) => details.get(line) ?? { line, excerpt: '', reason: fallback }) };
}

function sampled(): SampledCount {
  return { count: 0, samples: [] };
}

/** The start of a record, safe to store and show, never a slice that keeps a huge record alive. */
function excerpt(text: string): string {
  return safeExcerpt(text, EXCERPT_CHARS);
}

function toIndexDefinition(fieldName: string, definition: unknown): IndexDefinition {
  const raw = (definition ?? {}) as { unique?: unknown; sparse?: unknown };
  return { fieldName: safeExcerpt(fieldName, 200), unique: raw.unique === true, sparse: raw.sparse === true };
}

/** `stat` by path, with a missing file reported as `not_found` (the reader itself uses its descriptor's `fstat`). */
export async function statOrThrow(filePath: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(filePath);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `Legacy file not found: ${filePath}`);
    throw error;
  }
}
