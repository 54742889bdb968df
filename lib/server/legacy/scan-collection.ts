import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/shared/errors';
import { interpretLine } from './interpret-line';
import { lineBatches } from './line-batches';
import { findInvalidKey } from './nedb-deserialize';
import type { CollectionScan, IndexDefinition, LineSample, SampledCount, ScanOptions } from './types';

const RESUME_EVERY = 4096;
const EXCERPT_CHARS = 120;
const INVALID_DETAILS = 1000;
const NEDB_CORRUPT_ALERT_THRESHOLD = 0.1; // persistence.js constructor default

const PROTO_REASON =
  '_id "__proto__": NeDB\'s loader stores documents in a plain object, so this assignment replaces that ' +
  "object's prototype instead of storing the document; NeDB never loads it";

/**
 * Pass 1: stream a NeDB datafile once and work out, with NeDB's own loading rules (interpret-line.ts),
 * which line holds the final version of every live `_id`, plus the exact line accounting.
 * Memory holds one `String(_id)` → line entry per live id, never a document.
 *
 * `_id` `"__proto__"` is reproduced too: NeDB's `dataById["__proto__"] = doc` sets the prototype of
 * its index object, so the document is not loaded (counted in `withoutId` with the reason) — unless
 * the current prototype document has an own `__proto__` key, in which case the assignment creates an
 * ordinary own entry that later lines replace and tombstones delete like any other id.
 *
 * Never throws on file content: corrupt lines are counted, sampled and skipped.
 * @throws AppError `not_found` if the file is missing, `conflict` if it changed while being read;
 *   other fs errors (permissions) as is.
 */
export async function scanCollection(filePath: string, options: ScanOptions = {}): Promise<CollectionScan> {
  const maxSamples = options.maxSamples ?? 20;
  const before = await statOrThrow(filePath);
  const ids = new Map<string, number>();
  const corrupt = sampled();
  const withoutId = sampled();
  const indexes = new Map<string, IndexDefinition>();
  /** Live ids whose final version has a key NeDB cannot serialize → that line (no text: bounded). */
  const invalid = new Map<string, number>();
  /** Details of the first invalid-key lines seen, for samples (capped, so memory stays bounded). */
  const invalidDetails = new Map<number, LineSample>();
  const offsets: number[] = [];
  let lines = 0, superseded = 0, deleted = 0, metadata = 0, blank = 0, records = 0, corruptRecords = 0;
  let protoShadowed = false;

  const note = (count: SampledCount, line: number, text: string, reason: string) => {
    count.count += 1;
    if (count.samples.length < maxSamples) count.samples.push({ line, excerpt: excerpt(text), reason: reason.slice(0, 300) });
  };

  const batches = lineBatches(filePath, {
    endOffset: before.size,
    checkpoint: { every: RESUME_EVERY, record: (_line, offset) => offsets.push(offset) },
  });
  for await (const batch of batches) {
    for (const { line, text, mayHaveBreaks } of batch) {
      lines = line;
      const result = interpretLine(text, 'scan', mayHaveBreaks);
      if (result.split) {
        records += result.split.pieces;
        corruptRecords += result.split.corruptPieces;
      } else if (result.kind !== 'blank') {
        records += 1;
        if (result.kind === 'corrupt') corruptRecords += 1;
      }
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
            if (bad && invalidDetails.size < INVALID_DETAILS) invalidDetails.set(line, { line, excerpt: excerpt(text), reason: `key "${bad.path}": ${bad.rule}` });
          } else if (invalid.size > 0) invalid.delete(key);
          break;
        }
      }
    }
  }

  const after = await statOrThrow(filePath);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new AppError('conflict', `Legacy file ${filePath} changed while it was being read; stop the application writing it and scan again`);
  }

  const finalLines = Uint32Array.from(ids.values()).sort();
  const invalidSamples = Uint32Array.from(invalid.values()).sort().slice(0, maxSamples);
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
        corruptRecords,
        corruptionRate: records === 0 ? 0 : corruptRecords / records,
        exceedsCorruptThreshold: records > 0 && corruptRecords / records > (options.corruptAlertThreshold ?? NEDB_CORRUPT_ALERT_THRESHOLD),
        indexes: [...indexes.values()],
        invalidKeys: {
          count: invalid.size,
          samples: [...invalidSamples].map((line) => invalidDetails.get(line) ?? { line, excerpt: '', reason: 'a key contains "." or starts with "$"' }),
        },
      },
    },
    finalLines,
    ...(options.keepIds ? { ids } : {}),
    resumePoints: { every: RESUME_EVERY, offsets },
    fingerprint: { bytes: before.size, mtimeMs: before.mtimeMs },
  };
}

function sampled(): SampledCount {
  return { count: 0, samples: [] };
}

function excerpt(text: string): string {
  return text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS)}…`;
}

function toIndexDefinition(fieldName: string, definition: unknown): IndexDefinition {
  const raw = (definition ?? {}) as { unique?: unknown; sparse?: unknown };
  return { fieldName, unique: raw.unique === true, sparse: raw.sparse === true };
}

/** `stat`, with a missing file reported as `not_found`. */
export async function statOrThrow(filePath: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(filePath);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `Legacy file not found: ${filePath}`);
    throw error;
  }
}
