/**
 * Test helpers (used by *.test.ts only): write legacy files with the real `@seald-io/nedb` and get
 * the library's own view of a file as ground truth. Never imported by runtime code.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { readLiveDocuments } from './read-live-documents';
import { scanCollection } from './scan-collection';
import type { CollectionScan } from './types';

type Doc = Record<string, unknown>;
type RawLoader = { treatRawStreamAsync(stream: NodeJS.ReadableStream): Promise<{ data: Doc[]; indexes: Record<string, unknown> }> };

const requireFromHere = createRequire(import.meta.url);
/** The library's own model module (serialize/deserialize), for equivalence tests. */
export const nedbModel = requireFromHere('@seald-io/nedb/lib/model.js') as { deserialize(raw: string): unknown; serialize(doc: unknown): string };

/** A fresh directory under the OS temp dir (/tmp); remove it with `removeDir`. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `ferry-${prefix}-`));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * Open a datastore on `file` and run `write` against it. The file is loaded once (empty or absent, so
 * nothing to compact) and never compacted afterwards: every insert, update and remove is appended,
 * exactly like a long-running application between restarts. Autocompaction is off unless asked.
 */
export async function writeWithNedb(file: string, write: (db: Datastore) => Promise<void>): Promise<void> {
  const db = new Datastore({ filename: file });
  await db.loadDatabaseAsync();
  await write(db);
  db.stopAutocompaction();
}

let copies = 0;

/**
 * NeDB's view of a file, on copies (loading compacts the file it loads):
 * - `parsed`: `persistence.treatRawStreamAsync` — the loader's parse step, keyed by `String(_id)`;
 * - `loaded`: `loadDatabaseAsync()` + `getAllData()` (the stored documents; `findAsync` would return
 *   `model.deepCopy`s, which assign keys and so turn a `__proto__` key into a prototype), or the
 *   error NeDB throws when it refuses the file.
 */
export async function nedbView(file: string): Promise<{ parsed: Map<string, Doc>; loaded: Map<string, Doc> | Error; found: Doc[] | Error }> {
  copies += 1;
  const dir = path.dirname(file);
  const first = path.join(dir, `ground-truth-${copies}-a.db`);
  const second = path.join(dir, `ground-truth-${copies}-b.db`);
  await copyFile(file, first);
  await copyFile(file, second);
  try {
    const parser = new Datastore({ filename: first, corruptAlertThreshold: 1 });
    const raw = await (parser.persistence as unknown as RawLoader).treatRawStreamAsync(createReadStream(first, { encoding: 'utf8' }));
    const parsed = new Map(raw.data.map((doc) => [String(doc._id), doc] as const));
    let loaded: Map<string, Doc> | Error;
    let found: Doc[] | Error;
    try {
      const db = new Datastore({ filename: second });
      await db.loadDatabaseAsync();
      loaded = new Map(db.getAllData().map((doc: Doc) => [String(doc._id), doc] as const));
      found = await db.findAsync({});
    } catch (error) {
      loaded = error as Error;
      found = error as Error;
    }
    return { parsed, loaded, found };
  } finally {
    await rm(first, { force: true });
    await rm(second, { force: true });
  }
}

/** Ferry's view: scan + every live document keyed by id. */
export async function ferryView(file: string): Promise<{ scan: CollectionScan; docs: Map<string, Doc>; lines: number[] }> {
  const scan = await scanCollection(file);
  const docs = new Map<string, Doc>();
  const lines: number[] = [];
  for await (const live of readLiveDocuments(file, scan)) {
    docs.set(live.id, live.doc);
    lines.push(live.line);
  }
  return { scan, docs, lines };
}

/**
 * Deep structural comparison that also checks prototypes, key order and own `__proto__` keys; returns
 * the first difference. (vitest's toStrictEqual compares `.constructor`, which an own `constructor` key breaks.)
 */
export function sameShape(a: unknown, b: unknown, where = '$'): string | undefined {
  if (a instanceof Date || b instanceof Date) {
    if (!(a instanceof Date) || !(b instanceof Date)) return `${where}: date vs non-date`;
    return Object.is(a.getTime(), b.getTime()) ? undefined : `${where}: ${a.getTime()} vs ${b.getTime()}`;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? undefined : `${where}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${where}: prototypes differ`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (JSON.stringify(keysA.map(String)) !== JSON.stringify(keysB.map(String))) return `${where}: keys ${keysA.map(String)} vs ${keysB.map(String)}`;
  for (const key of keysA) {
    const diff = sameShape(Reflect.get(a, key), Reflect.get(b, key), `${where}.${String(key)}`);
    if (diff) return diff;
  }
  return undefined;
}

/** The accounting identity every scan must satisfy. */
export function accounted(scan: CollectionScan): number {
  const s = scan.stats;
  return s.live + s.superseded + s.deleted + s.metadata + s.blank + s.corrupt.count + s.withoutId.count;
}
