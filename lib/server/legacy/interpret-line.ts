import { deserializeNedb, findInvalidKey, HAS_INVALID_DATE, HAS_INVALID_KEY, hasInvalidDate, inspectPlain, overflowsNedbDeserializer, REVIVE_MAY_THROW, reviveNedb, TOO_DEEP, type LegacyDocument } from './nedb-deserialize';
import { safeExcerpt } from './safe-text';

/**
 * How NeDB's loader reads one line of a datafile, reproduced rule by rule.
 * Source: `@seald-io/nedb` 4.x, `lib/persistence.js` `treatRawStreamAsync` (server-side loader;
 * `treatRawData`, the browser twin, has the same rules) and `lib/byline.js`.
 *
 * For every non-empty record, in file order:
 *   doc = model.deserialize(line)                       — throws → corrupt
 *   if (doc._id) {                                      — truthy only: 0, "", false, null mean "no _id"
 *     if (doc.$$deleted === true) delete dataById[doc._id]   — tombstone
 *     else dataById[doc._id] = doc                      — later line wins
 *   } else if (doc.$$indexCreated && doc.$$indexCreated.fieldName != null) indexes[fieldName] = …
 *   else if (typeof doc.$$indexRemoved === 'string') delete indexes[…]
 *   (anything else is silently ignored, but still counts as a record for the corruption rate)
 * - `dataById` is a plain object, so ids are compared by property key, `String(_id)`: `1` and `"1"`
 *   collide, `["a","b"]` and `"a,b"` collide, every object id is `"[object Object]"`. Converting
 *   an id whose `toString`/`valueOf` are not functions throws → the line counts as corrupt.
 * - a line `null` is corrupt (`null._id` throws); other non-objects (`123`, `"x"`, `[…]`) are ignored.
 * - only an empty line is blank: a whitespace-only line, or a first line starting with a UTF-8 BOM
 *   (the stream is decoded as utf8 and JSON.parse rejects U+FEFF), is corrupt, as in NeDB.
 * - persistence.js counts corrupt records over non-empty records and refuses the whole file above
 *   `corruptAlertThreshold` (default 0.1); Ferry never refuses, it reports (`stats.nedb`).
 * - `_id: "__proto__"` hits the `__proto__` setter of `dataById`: see scan-collection.ts.
 * - byline.js splits on `\r\n` and on each of `\n \v \f \r U+0085 U+2028 U+2029`, and drops empty
 *   records; JSON.stringify leaves U+0085/U+2028/U+2029 raw inside strings, so a value containing one
 *   is cut in two records. lineBatches splits the file exactly so (record-breaks.ts), so every record
 *   reaching `classifyRecord` is one of NeDB's: each piece is its own document, tombstone or corrupt
 *   record, as in NeDB.
 * - a document nested so deep that NeDB's reviver overflows the call stack (about 2,600 levels) is
 *   corrupt for NeDB, so it is for Ferry (checked only above 1,000 levels, see `TOO_DEEP`).
 */
export type LineKind =
  | { kind: 'blank' }
  | { kind: 'document'; key: string; doc: LegacyDocument; hasInvalidKey?: boolean; hasInvalidDate?: boolean }
  | { kind: 'tombstone'; key: string }
  | { kind: 'index-created'; fieldName: string; definition: unknown }
  | { kind: 'index-removed'; fieldName: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'corrupt'; error: string };

/**
 * `scan`: pass 1 only needs the meaning of the line, so a document line is returned as plainly parsed
 * (`$$date` objects not turned into Dates) whenever that cannot change the meaning: no `$$date` key
 * with an object/array value (the only way the reviver throws, see `inspectPlain`), a truthy string or
 * number `_id`, no top-level `$$date`; it also says `hasInvalidKey`.
 * `read`: the document exactly as NeDB deserializes it.
 */
export type InterpretMode = 'scan' | 'read';

/** A line NeDB cuts into several records: how many, and how many of those NeDB counts corrupt. */
export type SplitCounts = { pieces: number; corruptPieces: number };

export const NEDB_EXTRA_BREAK = /[\r\v\f\u0085\u2028\u2029]/;
const NEDB_BREAK_SPLIT = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;

/**
 * Classify one record (as lineBatches yields it) exactly as NeDB's loader would. `mayHaveBreaks:
 * false` promises the text holds none of NeDB's break characters (always true of lineBatches' records,
 * which are split as NeDB splits). Text
 * holding several records (only from a caller that did not split it) comes back as `corrupt` with
 * `split` set. Never throws: every failure is returned as `corrupt`.
 */
export function interpretLine(text: string, mode: InterpretMode, mayHaveBreaks = true): LineKind & { split?: SplitCounts } {
  if (text === '') return BLANK;
  if (!mayHaveBreaks || !NEDB_EXTRA_BREAK.test(text)) return classifyRecord(text, mode);
  const pieces = text.split(NEDB_BREAK_SPLIT).filter((piece) => piece !== '');
  if (pieces.length === 0) return BLANK;
  if (pieces.length === 1) return classifyRecord(pieces[0] as string, mode);
  const kinds = pieces.map((piece) => classifyRecord(piece, 'scan'));
  const corruptPieces = kinds.filter((k) => k.kind === 'corrupt').length;
  const readable = kinds.map((k, i) => (k.kind === 'corrupt' ? '' : ` piece ${i + 1} would be read as ${describe(k)};`)).join('');
  return {
    kind: 'corrupt',
    error:
      `NeDB splits this line into ${pieces.length} records at a CR/VT/FF/U+0085/U+2028/U+2029 character ` +
      `(${corruptPieces} of them unparseable);${readable} Ferry keeps none of them`,
    split: { pieces: pieces.length, corruptPieces },
  };
}

const BLANK: LineKind = { kind: 'blank' };

function describe(kind: LineKind): string {
  if (kind.kind === 'document' || kind.kind === 'tombstone') return `a ${kind.kind} for _id ${JSON.stringify(kind.key)}`;
  return kind.kind;
}

/** One NeDB record (a non-empty piece of a line) → its meaning. Order of tests as in persistence.js. */
export function classifyRecord(text: string, mode: InterpretMode): LineKind {
  let value: unknown;
  try {
    if (mode === 'read') value = deserializeNedb(text);
    else {
      value = JSON.parse(text);
      let flags = 0;
      if (isPlainDocument(value)) {
        flags = inspectPlain(value);
        if (!(flags & (REVIVE_MAY_THROW | TOO_DEEP))) {
          const doc = value as LegacyDocument;
          const key = typeof doc._id === 'string' ? doc._id : String(doc._id);
          if (doc.$$deleted === true) return { kind: 'tombstone', key };
          return { kind: 'document', key, doc, hasInvalidKey: (flags & HAS_INVALID_KEY) !== 0, hasInvalidDate: (flags & HAS_INVALID_DATE) !== 0 };
        }
      }
      // Deep nesting needs at least two characters per level: only long texts can be too deep for NeDB.
      if ((flags & TOO_DEEP || text.length > MIN_DEEP_TEXT) && overflowsNedbDeserializer(text)) {
        return { kind: 'corrupt', error: 'nested too deeply: NeDB\'s deserializer (JSON.parse with a reviver) exceeds the call stack on this record, so NeDB counts it corrupt' };
      }
      value = reviveNedb(value);
    }
  } catch (error) {
    return { kind: 'corrupt', error: errorMessage(error) };
  }
  if (value === null) return { kind: 'corrupt', error: 'the line is `null` (NeDB throws reading null._id)' };
  if (typeof value !== 'object') return { kind: 'ignored', reason: `the line is a ${typeof value}, not a document` };
  const doc = value as LegacyDocument;
  const id = doc._id;
  if (id) {
    let key: string;
    try {
      key = typeof id === 'string' ? id : String(id);
    } catch (error) {
      return { kind: 'corrupt', error: `_id cannot be used as a key: ${errorMessage(error)}` };
    }
    if (doc.$$deleted === true) return { kind: 'tombstone', key };
    return { kind: 'document', key, doc, ...(mode === 'scan' ? { hasInvalidKey: findInvalidKey(doc) !== undefined, hasInvalidDate: hasInvalidDate(doc) } : {}) };
  }
  const created = doc.$$indexCreated as { fieldName?: unknown } | undefined;
  if (created && created.fieldName != null) {
    try {
      return { kind: 'index-created', fieldName: String(created.fieldName), definition: created };
    } catch (error) {
      return { kind: 'corrupt', error: `index fieldName cannot be used as a key: ${errorMessage(error)}` };
    }
  }
  if (typeof doc.$$indexRemoved === 'string') return { kind: 'index-removed', fieldName: doc.$$indexRemoved };
  return { kind: 'ignored', reason: ignoredReason(doc) };
}

/** Shorter texts cannot nest 1,000 levels deep (TOO_DEEP's threshold), let alone NeDB's limit. */
const MIN_DEEP_TEXT = 2000;

/** A plainly parsed object whose meaning the reviver cannot change: not a `$$date` object, truthy string/number `_id`. */
function isPlainDocument(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as LegacyDocument;
  const id = record._id;
  return Boolean(id) && (typeof id === 'string' || typeof id === 'number') && !Object.hasOwn(record, '$$date');
}

function ignoredReason(doc: LegacyDocument): string {
  if (Array.isArray(doc)) return 'the line is an array, not a document';
  if (doc instanceof Date) return 'the line has a top-level $$date key, so NeDB turns it into a Date';
  if (Object.hasOwn(doc, '_id')) return `_id is ${JSON.stringify(doc._id)}, which NeDB treats as missing`;
  if (doc.$$deleted === true) return 'a tombstone without _id';
  return 'no _id';
}

/** An error's message, made safe to store and show (JSON.parse quotes the text it stopped at). */
function errorMessage(error: unknown): string {
  return safeExcerpt(error instanceof Error ? error.message : String(error), 300);
}
