import { AppError } from '@/lib/shared/errors';
import { interpretLine, NEDB_EXTRA_BREAK } from './interpret-line';
import { lineBatches } from './line-batches';
import { statOrThrow } from './scan-collection';
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
 * from the same bytes (see the ground-truth tests), except for lines NeDB cuts at U+2028 and similar
 * characters, which Ferry reports as corrupt (interpret-line.ts).
 * @throws AppError `conflict` if the file changed since `scan` (size or mtime), or if a line the scan
 *   recorded as final is no longer the document it was; `not_found` if the file is gone.
 */
export async function* readLiveDocuments(filePath: string, scan: CollectionScan, options: ReadLiveOptions = {}): AsyncGenerator<LiveDocument> {
  for await (const batch of readLiveDocumentBatches(filePath, scan, options)) yield* batch;
}

/**
 * `readLiveDocuments` in batches (the live documents of each 1 MB chunk, in file order): same
 * documents, same throws, without one promise per document — for loaders that write in batches.
 */
export async function* readLiveDocumentBatches(filePath: string, scan: CollectionScan, options: ReadLiveOptions = {}): AsyncGenerator<LiveDocument[]> {
  const now = await statOrThrow(filePath);
  if (now.size !== scan.fingerprint.bytes || now.mtimeMs !== scan.fingerprint.mtimeMs) {
    throw new AppError('conflict', `Legacy file ${filePath} changed since it was scanned; scan it again before reading`);
  }
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

  const batches = lineBatches(filePath, { startOffset, firstLine, endOffset: scan.fingerprint.bytes, select });
  for await (const batch of batches) {
    const documents: LiveDocument[] = [];
    for (const { line, text, mayHaveBreaks } of batch) {
      const exact = !mayHaveBreaks || !NEDB_EXTRA_BREAK.test(text);
      if (options.plain && exact && !text.includes('\\u')) {
        // Pass 1 already classified this final line as a live document of this very file (fingerprint
        // checked above): a plain parse gives the same document but for unrevived dates.
        const doc = JSON.parse(text) as Record<string, unknown>;
        documents.push({ line, id: String(doc._id), doc, text, plain: true });
        continue;
      }
      const result = interpretLine(text, 'read', mayHaveBreaks);
      if (result.kind !== 'document') {
        throw new AppError('conflict', `Line ${line} of ${filePath} is no longer a document (${result.kind}); scan the file again`);
      }
      documents.push(exact ? { line, id: result.key, doc: result.doc, text } : { line, id: result.key, doc: result.doc });
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
