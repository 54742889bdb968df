import { readLiveDocuments } from './read-live-documents';
import type { CollectionScan } from './types';

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'object' | 'array' | 'null';

/** One top-level field: how many documents have it, with which types, and how often it is empty. */
export type FieldProfile = {
  field: string;
  /** Documents in which the key exists (with any value, null included). */
  present: number;
  /** Documents in which the value is null. */
  nulls: number;
  /** (missing + null) / documents profiled: the share of documents with no usable value. */
  nullRatio: number;
  types: Partial<Record<FieldType, number>>;
};

export type DocumentProfile = {
  documents: number;
  /** Most common first, then by name. */
  fields: FieldProfile[];
  /** True when more distinct fields were seen than `maxFields`; later new fields were not tracked. */
  truncated: boolean;
  /** Occurrences of fields that were not tracked because of the cap. */
  untrackedOccurrences: number;
};

export type ProfileOptions = { maxFields?: number };

type Tally = { present: number; nulls: number; types: Partial<Record<FieldType, number>> };

export type FieldProfiler = { add(doc: Record<string, unknown>): void; result(): DocumentProfile };

/**
 * A bounded accumulator for the Plan page's field profile, to feed during pass 2 or a sampled pass.
 * Memory is O(maxFields) (default 200) whatever the number of documents: once the cap is reached,
 * new field names are counted in `untrackedOccurrences` and the profile says `truncated`.
 * Keys are kept in a Map, so `__proto__` or `constructor` are ordinary fields.
 */
export function createFieldProfiler(options: ProfileOptions = {}): FieldProfiler {
  const maxFields = options.maxFields ?? 200;
  const tallies = new Map<string, Tally>();
  let documents = 0;
  let truncated = false;
  let untrackedOccurrences = 0;
  return {
    add(doc) {
      documents += 1;
      for (const field of Object.keys(doc)) {
        let tally = tallies.get(field);
        if (!tally) {
          if (tallies.size >= maxFields) {
            truncated = true;
            untrackedOccurrences += 1;
            continue;
          }
          tally = { present: 0, nulls: 0, types: {} };
          tallies.set(field, tally);
        }
        const value = doc[field];
        const type = typeOf(value);
        tally.present += 1;
        if (type === 'null') tally.nulls += 1;
        tally.types[type] = (tally.types[type] ?? 0) + 1;
      }
    },
    result() {
      const fields = [...tallies].map(([field, tally]): FieldProfile => ({
        field,
        present: tally.present,
        nulls: tally.nulls,
        nullRatio: documents === 0 ? 0 : (documents - tally.present + tally.nulls) / documents,
        types: { ...tally.types },
      }));
      fields.sort((a, b) => b.present - a.present || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
      return { documents, fields, truncated, untrackedOccurrences };
    },
  };
}

/** The type names the profile uses; dates are `Date` objects after NeDB deserialization. */
export function typeOf(value: unknown): FieldType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return 'object';
}

/** Profile any sequence of documents (sync or async). */
export async function profileDocuments(docs: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>, options: ProfileOptions = {}): Promise<DocumentProfile> {
  const profiler = createFieldProfiler(options);
  for await (const doc of docs) profiler.add(doc);
  return profiler.result();
}

/**
 * Profile a scanned collection from an evenly spread sample of at most `maxDocuments` live documents
 * (every k-th final line, so the whole file is represented, not just its start). Reads only those lines.
 * @throws what `readLiveDocuments` throws (the file changed since the scan).
 */
export async function profileCollection(filePath: string, scan: CollectionScan, options: ProfileOptions & { maxDocuments?: number } = {}): Promise<DocumentProfile> {
  const maxDocuments = Math.max(1, options.maxDocuments ?? 10_000);
  const step = Math.max(1, Math.ceil(scan.finalLines.length / maxDocuments));
  const finalLines = step === 1 ? scan.finalLines : scan.finalLines.filter((_, i) => i % step === 0);
  const profiler = createFieldProfiler(options);
  for await (const { doc } of readLiveDocuments(filePath, { ...scan, finalLines })) profiler.add(doc);
  return profiler.result();
}
