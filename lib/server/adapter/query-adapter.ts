import type { Db } from '../db/pool';
import { getEnv } from '../config/env';
import type { MigrationSource } from '../migration/migration-source';
import { AppError } from '../../shared/errors';
import type { AdapterConfig, DocumentAnswer, PageAnswer, StoreName } from '../../shared/contracts/adapter';
import { getAdapterConfig } from './adapter-config';
import { count, recordLatency } from './adapter-metrics';
import type { AdapterDocument } from './legacy-shape';
import { readLegacyDocument, readLegacyPage, type DocumentPage } from './legacy-store';
import { readNewDocument, readNewPage, type TargetOf } from './new-store';
import { resolveCollection, type CollectionRef } from './resolve-collection';
import { comparePages } from './compare-pages';
import { recordComparison } from './shadow-compare';

export type AdapterOptions = {
  /** Share of hybrid reads also answered by the other store and compared (default FERRY_ADAPTER_SHADOW_SAMPLE). */
  shadowSample?: number;
  /** The configuration to use instead of the stored one (tests, benchmarks). */
  config?: AdapterConfig;
  random?: () => number;
};

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs one read of one store, counting it, its failure and its latency. */
async function timed<T>(db: Db, store: StoreName, collection: string, read: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  count(db, collection, `reads.${store}`);
  try {
    const value = await read();
    recordLatency(store, performance.now() - started);
    return { ok: true, value };
  } catch (error) {
    count(db, collection, `errors.${store}`);
    return { ok: false, error };
  }
}

/** A legacy read retried once when the file changed under it (NeDB appended a write). */
async function retryOnChange<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return read();
    throw error;
  }
}

function tenantOf(ref: CollectionRef, tenant: string | null | undefined): string | null {
  if (ref.target.category === 'admin') return null;
  if (!tenant) throw new AppError('bad_request', `${ref.collection} is an application collection: say whose documents with ?tenant=<tenant key>.`);
  return tenant;
}

const notFound = (collection: string) => new AppError('not_found', `No such document in ${collection}.`);

type Plan<T> = {
  readers: Record<StoreName, () => Promise<T>>;
  /** Whether a store had what was asked (a document; a non-empty page). */
  isFound: (value: T) => boolean;
  /** When no store has it: answer the (empty) value instead of `not_found` (pages). */
  missingIsAnswer?: boolean;
  compare: (primary: StoreName, a: T, b: T) => Promise<unknown>;
};

/**
 * The routing of one read by mode (seed 004's QueryAdapterService): `legacy` and `new` ask one store;
 * `hybrid` asks the preferred store first (Nile unless `preferNew` is off) and, with `fallbackEnabled`,
 * the other when the first lacks the record or fails. A sampled share of hybrid reads asks both at once
 * and compares the answers (shadow read).
 */
async function route<T>(db: Db, collection: string, config: AdapterConfig, plan: Plan<T>, options: AdapterOptions): Promise<{ source: StoreName; fallback: boolean; value: T }> {
  if (config.mode !== 'hybrid') {
    const store: StoreName = config.mode;
    const outcome = await timed(db, store, collection, plan.readers[store]);
    if (!outcome.ok) throw outcome.error;
    if (!plan.isFound(outcome.value) && !plan.missingIsAnswer) throw notFound(collection);
    return { source: store, fallback: false, value: outcome.value };
  }
  const primary: StoreName = config.preferNew ? 'new' : 'legacy';
  const other: StoreName = primary === 'new' ? 'legacy' : 'new';
  const sample = options.shadowSample ?? getEnv().FERRY_ADAPTER_SHADOW_SAMPLE;
  const isShadow = sample > 0 && (options.random ?? Math.random)() < sample;
  const [first, shadow] = isShadow
    ? await Promise.all([timed(db, primary, collection, plan.readers[primary]), timed(db, other, collection, plan.readers[other])])
    : [await timed(db, primary, collection, plan.readers[primary]), null];
  if (isShadow && first.ok && shadow?.ok) await plan.compare(primary, first.value, shadow.value);
  if (first.ok && plan.isFound(first.value)) return { source: primary, fallback: false, value: first.value };
  if (!config.fallbackEnabled) {
    if (!first.ok) throw first.error;
    if (plan.missingIsAnswer) return { source: primary, fallback: false, value: first.value };
    throw notFound(collection);
  }
  const second = shadow ?? (await timed(db, other, collection, plan.readers[other]));
  if (second.ok && plan.isFound(second.value)) {
    count(db, collection, 'fallbacks');
    return { source: other, fallback: true, value: second.value };
  }
  if (!second.ok) throw second.error;
  if (plan.missingIsAnswer) return first.ok ? { source: primary, fallback: false, value: first.value } : { source: other, fallback: true, value: second.value };
  throw notFound(collection);
}

function targetsOf(db: Db, source: MigrationSource): TargetOf {
  return async (collection) => (await resolveCollection(db, source, collection)).target;
}

/**
 * `GET /api/data/<collection>/<legacyId>`: one document in the legacy shape, from the store the mode
 * says, with which store answered and whether it was a fallback.
 * @throws AppError `not_found` (unknown collection, or no store has the document), `bad_request` (an
 *   application collection without a tenant); a store's failure when no fallback applies.
 */
export async function readDocument(db: Db, source: MigrationSource, request: { collection: string; id: string; tenant?: string | null }, options: AdapterOptions = {}): Promise<DocumentAnswer> {
  const ref = await resolveCollection(db, source, request.collection);
  const tenantKey = tenantOf(ref, request.tenant);
  const config = options.config ?? (await getAdapterConfig(db));
  const targetOf = targetsOf(db, source);
  const answer = await route<AdapterDocument | null>(db, ref.collection, config, {
    readers: {
      legacy: () => retryOnChange(() => readLegacyDocument(ref, request.id, tenantKey)),
      new: () => readNewDocument(db, ref, request.id, tenantKey, targetOf),
    },
    isFound: (doc) => doc !== null,
    compare: (primary, a, b) => recordComparison(db, { kind: 'shadow', collection: ref.collection, tenantKey, primary, pairs: [{ legacyId: request.id, primary: a, other: b }] }),
  }, options);
  return { source: answer.source, fallback: answer.fallback, document: answer.value as AdapterDocument };
}

/**
 * `GET /api/data/<collection>?after=&limit=`: a page of documents in `_id` order. In hybrid mode the
 * preferred store answers; the other only when it fails or has nothing on that page (a collection not
 * migrated yet) — a page is never patched together from two stores.
 */
export async function readPage(db: Db, source: MigrationSource, request: { collection: string; tenant?: string | null; after?: string | null; limit: number }, options: AdapterOptions = {}): Promise<PageAnswer> {
  const ref = await resolveCollection(db, source, request.collection);
  const tenantKey = tenantOf(ref, request.tenant);
  const config = options.config ?? (await getAdapterConfig(db));
  const targetOf = targetsOf(db, source);
  const after = request.after ?? null;
  const answer = await route<DocumentPage>(db, ref.collection, config, {
    readers: {
      legacy: () => retryOnChange(() => readLegacyPage(ref, tenantKey, after, request.limit)),
      new: () => readNewPage(db, ref, tenantKey, after, request.limit, targetOf),
    },
    isFound: (page) => page.items.length > 0,
    missingIsAnswer: true,
    compare: (primary, a, b) => recordComparison(db, { kind: 'shadow', collection: ref.collection, tenantKey, primary, pairs: comparePages(a, b, request.limit) }),
  }, options);
  return { items: answer.value.items, next: answer.value.next, source: answer.source, fallback: answer.fallback };
}
