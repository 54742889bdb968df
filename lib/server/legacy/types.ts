/** Shared shapes of the legacy NeDB reader (pass 1 `scanCollection`, pass 2 `readLiveDocuments`). */

import type { LineAccounting, LineSample, SampledCount } from '../../shared/contracts/plan';
import type { FileIdentity } from './open-legacy-file';

export type { FileIdentity, LineSample, SampledCount };

/** An index the datafile declares through `$$indexCreated` lines and that no `$$indexRemoved` undid. */
export type IndexDefinition = { fieldName: string; unique: boolean; sparse: boolean };

/** What NeDB itself would make of the file, for the Plan page's blockers and warnings. */
export type NedbLoadView = {
  /** Non-empty records NeDB's loader counts (its `dataLength`; blank lines are not records). */
  records: number;
  /** Records NeDB counts as corrupt (= `corrupt.count`: Ferry's records are NeDB's records). */
  corruptRecords: number;
  /** `corruptRecords / records`, 0 for an empty file. */
  corruptionRate: number;
  /** NeDB refuses to load a file whose corruption rate is above its `corruptAlertThreshold` (0.1). */
  exceedsCorruptThreshold: boolean;
  /** Indexes NeDB would rebuild on load (a unique one makes NeDB fail on duplicates; not checked here). */
  indexes: IndexDefinition[];
  /**
   * Live documents with a key NeDB cannot write back (contains `.` or starts with `$`). NeDB compacts
   * the file at the end of every load, so one such document makes NeDB's load fail; Ferry reads them.
   */
  invalidKeys: SampledCount;
  /**
   * Live documents holding a `$$date` NeDB turns into an Invalid Date (`{"$$date":"not-a-number"}`,
   * a time beyond ±8.64e15 ms): Ferry keeps NeDB's result, which NeDB itself writes back as
   * `{"$$date":null}`. Absent from scans recorded before it was counted.
   */
  invalidDates?: SampledCount;
};

/** Per-collection line accounting (see LineAccounting for each count and the invariant), plus NeDB's own view. */
export type CollectionStats = LineAccounting & {
  nedb: NedbLoadView;
};

/** Pass 1's result: the accounting plus what pass 2 needs, with no documents held in memory. */
export type CollectionScan = {
  stats: CollectionStats;
  /**
   * Record number of every live document, ascending (one entry per live `_id`). A record is what NeDB
   * reads as one line (the file cut at `\n`, `\r\n`, `\r`, VT, FF, U+0085, U+2028, U+2029, see
   * line-batches.ts); for files with `\n` or `\r\n` line ends, record numbers are line numbers.
   */
  finalLines: Uint32Array;
  /** `String(_id)` → final line, only when `keepIds` was asked for (it costs ~100 bytes per id). */
  ids?: ReadonlyMap<string, number>;
  /** Byte offset of line `i * every + 1` at `offsets[i]`, so a resume can seek instead of re-reading. */
  resumePoints: { every: number; offsets: number[] };
  /**
   * Size and mtime when scanned, and which inode was read (`dev`, `ino`; absent from scans recorded
   * before they were kept); pass 2 refuses to read a file that changed or was replaced since.
   */
  fingerprint: { bytes: number; mtimeMs: number; dev?: number; ino?: number };
};

export type ScanOptions = {
  /** Samples kept per sampled count. Default 20. */
  maxSamples?: number;
  /** Also return the `_id` → line map. Default false. */
  keepIds?: boolean;
  /** NeDB's `corruptAlertThreshold` used for `nedb.exceedsCorruptThreshold`. Default 0.1 (NeDB's). */
  corruptAlertThreshold?: number;
  /** The inode the directory listing saw (CollectionFile): the scan refuses a file replaced since. */
  identity?: FileIdentity | null;
};

/** One live document yielded by pass 2. */
export type LiveDocument = {
  /** Its record number (see `CollectionScan.finalLines`): checkpoints and the quarantine key use it. */
  line: number;
  /** NeDB's identity of the document: `String(doc._id)` (so `1` and `"1"` are the same id). */
  id: string;
  /** The deserialized document: Dates for `$$date`, keys exactly as stored. */
  doc: Record<string, unknown>;
  /**
   * The record's JSON exactly as stored (NeDB's serialization of `doc`), which is exactly what was
   * parsed (always present since records are split as NeDB splits them). Loaders may store it as is.
   */
  text?: string;
  /**
   * True when `doc` is the plain `JSON.parse` of `text`, NeDB's `$$date` revival not applied (dates are
   * still `{"$$date": ms}` objects): asked for with `plain`, given only where `text` is exact and holds
   * no `\u` escape (so revival can only turn lone `{"$$date": n}` objects into dates).
   */
  plain?: true;
};

export type ReadLiveOptions = {
  /** Resume: skip every line before this 1-based line number. Default 1. */
  fromLine?: number;
  /** Skip NeDB's `$$date` revival where it is safe to (see `LiveDocument.plain`): for loaders that store the text. */
  plain?: boolean;
};
