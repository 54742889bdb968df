/**
 * What a run left for one collection, next to what `@seald-io/nedb` loads from the same file (test
 * helper for the hostile-input suites). Documents are compared in a canonical form: dates as
 * `{"$$date": ms}` (an Invalid Date as `{"$$date": null}`, as NeDB writes it back), keys sorted (jsonb
 * sorts them), -0 as 0 (numeric has no negative zero). Numbers go through JSON.parse on both sides, so a
 * number beyond 2^53 or 1e400 compares as NeDB reads it.
 */
import type { Db } from '../../db/pool';
import { nedbView } from '../../legacy/nedb-test-kit';

export type Canonical = null | boolean | number | string | Canonical[] | { entries: [string, Canonical][] };

/** A deserialized (or plainly parsed) document in canonical form; own `__proto__` keys are kept as data. */
export function canonical(value: unknown): Canonical {
  if (value instanceof Date) return canonical({ $$date: Number.isNaN(value.getTime()) ? null : value.getTime() });
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (value === null || typeof value !== 'object') return value as Canonical;
  if (Array.isArray(value)) return value.map(canonical);
  const keys = Object.keys(value).sort();
  return { entries: keys.map((key) => [key, canonical(Object.getOwnPropertyDescriptor(value, key)?.value)]) };
}

export type CollectionOutcome = {
  /** NeDB's key (`String(_id)`) → canonical document, for rows in the target. */
  migrated: Map<string, Canonical>;
  /** NeDB's key → canonical document, for quarantined rows, with their reason, file and line. */
  quarantined: Map<string, { document: Canonical; reason: string; file: string; line: number }>;
  /** What NeDB's parser keeps (always) and loads (unless it refuses the file). */
  nedbParsed: Map<string, Canonical>;
  nedbLoaded: Map<string, Canonical> | Error;
};

const keyOf = (doc: { _id?: unknown }) => String(doc._id);

/** Reads a collection's rows (past isolation: `superDb`) and quarantine, and NeDB's view of its file. */
export async function collectionOutcome(superDb: Db, runId: string, collection: string, file: string): Promise<CollectionOutcome> {
  const rows = await superDb.query<{ data: string }>(
    `SELECT data::text AS data FROM app_documents WHERE run_id = $1 AND collection = $2
     UNION ALL SELECT data::text FROM admin_documents WHERE run_id = $1 AND collection = $2`,
    [runId, collection],
  );
  const migrated = new Map<string, Canonical>();
  for (const { data } of rows.rows) {
    const doc = JSON.parse(data) as { _id?: unknown };
    if (migrated.has(keyOf(doc))) throw new Error(`${collection}: ${keyOf(doc)} migrated twice`);
    migrated.set(keyOf(doc), canonical(doc));
  }
  const quarantine = await superDb.query<{ document: string; reason: string; file: string; line: number }>(
    `SELECT document, reason, file, line FROM ferry.quarantine WHERE run_id = $1 AND collection = $2`, [runId, collection]);
  const quarantined = new Map<string, { document: Canonical; reason: string; file: string; line: number }>();
  for (const row of quarantine.rows) {
    const doc = JSON.parse(row.document) as { _id?: unknown };
    quarantined.set(keyOf(doc), { document: canonical(doc), reason: row.reason, file: row.file, line: row.line });
  }
  const nedb = await nedbView(file);
  const toCanonical = (docs: Map<string, Record<string, unknown>>) => new Map([...docs].map(([key, doc]) => [key, canonical(doc)] as const));
  return { migrated, quarantined, nedbParsed: toCanonical(nedb.parsed), nedbLoaded: nedb.loaded instanceof Error ? nedb.loaded : toCanonical(nedb.loaded) };
}
