import { AppError } from '@/lib/shared/errors';
import { classifyRecord } from './interpret-line';
import { lineBatches, type RawLine } from './line-batches';
import { identityOf, openLegacyFile } from './open-legacy-file';
import type { CollectionScan, LiveDocument, ReadLiveOptions } from './types';

/**
 * Pass 2: stream the file again and yield every live document at its final line, in file order,
 * deserialized exactly as NeDB does (`$$date` → Date, keys as stored, `__proto__` an own key).
 *
 * Only final lines are decoded and parsed: every other line is skipped at the byte level (a newline
 * search), so superseded versions are parsed once in total (by pass 1). With `fromLine` the read
 * seeks to the nearest resume point recorded by pass 1 and yields nothing before that line, so a
 * resumed run continues where its checkpoint says, at the same ids and in the same order.
 *
 * The union of yielded documents equals what `new Datastore({ filename }).loadDatabaseAsync()` loads
 * from the same bytes (see the ground-truth tests), records cut at `\r`, U+2028 and the like included.
 * The file is opened with openLegacyFile and must be the very inode the scan read (when the scan
 * recorded it), with the same size and mtime.
 * @throws AppError `conflict` if the file changed or was replaced since `scan`, or if a record the scan
 *   recorded as final is no longer the document it was; `not_found` if the file is gone; `bad_request`
 *   if the path is now a symbolic link or not a regular file.
 */
export async function* readLiveDocuments(filePath: string, scan: CollectionScan, options: ReadLiveOptions = {}): AsyncGenerator<LiveDocument> {
  for await (const batch of readLiveDocumentBatches(filePath, scan, options)) yield* batch;
}

/**
 * `readLiveDocuments` in batches (the live documents of each 1 MB chunk, in file order): same
 * documents, same throws, without one promise per document — for loaders that write in batches.
 */
export async function* readLiveDocumentBatches(filePath: string, scan: CollectionScan, options: ReadLiveOptions = {}): AsyncGenerator<LiveDocument[]> {
  const opened = await openLegacyFile(filePath, identityOf(scan.fingerprint));
  try {
    if (opened.size !== scan.fingerprint.bytes || opened.mtimeMs !== scan.fingerprint.mtimeMs) {
      throw new AppError('conflict', `Legacy file ${filePath} changed since it was scanned; scan it again before reading`);
    }
    yield* readOpened(filePath, opened.handle, scan, options);
  } finally {
    await opened.handle.close();
  }
}

async function* readOpened(filePath: string, handle: Awaited<ReturnType<typeof openLegacyFile>>['handle'], scan: CollectionScan, options: ReadLiveOptions): AsyncGenerator<LiveDocument[]> {
  const finalLines = scan.finalLines;
  if (finalLines.length === 0) return;

  const fromLine = Math.max(1, Math.floor(options.fromLine ?? 1));
  const { every, offsets } = scan.resumePoints;
  const point = Math.min(Math.floor((fromLine - 1) / every), offsets.length - 1);
  const startOffset = point >= 0 ? (offsets[point] ?? 0) : 0;
  const firstLine = point >= 0 ? point * every + 1 : 1;

  let next = lowerBound(finalLines, fromLine);
  let remaining = finalLines.length - next;
  if (remaining === 0) return;
  const select = (line: number): boolean => {
    if (finalLines[next] !== line) return false;
    next += 1;
    return true;
  };

  const batches = lineBatches(filePath, { handle, startOffset, firstLine, endOffset: scan.fingerprint.bytes, select });
  for await (const batch of batches) {
    const documents: LiveDocument[] = [];
    for (let i = 0; i < batch.length; i += 1) {
      const { line, text } = batch[i] as RawLine;
      // Let go of the raw record at once: the document carries the text on, and a consumer that drops
      // the document frees it (one huge record is then held once, not once per generator frame).
      (batch as unknown[])[i] = undefined;
      if (options.plain && !text.includes('\\u')) {
        // Pass 1 already classified this final record as a live document of this very file (fingerprint
        // checked above): a plain parse gives the same document but for unrevived dates.
        const doc = JSON.parse(text) as Record<string, unknown>;
        documents.push({ line, id: String(doc._id), doc, text, plain: true });
        continue;
      }
      const result = classifyRecord(text, 'read');
      if (result.kind !== 'document') {
        throw new AppError('conflict', `Record ${line} of ${filePath} is no longer a document (${result.kind}); scan the file again`);
      }
      documents.push({ line, id: result.key, doc: result.doc, text });
    }
    remaining -= documents.length;
    yield documents;
    if (remaining === 0) return; // nothing live after this point: stop reading
  }
}

/** Index of the first element >= value in an ascending array. */
function lowerBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
