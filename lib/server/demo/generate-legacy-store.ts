import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { AppError } from '@/lib/shared/errors';
import { buildAdminRecords } from './build-admin-records';
import { buildTenantHistory } from './build-tenant-history';
import { buildTenantRecords, type DemoTenant, type TenantRecords } from './build-tenant-records';
import { DEMO_COLLECTIONS, ORGANIZATIONS, type DemoDoc, type DemoOperation } from './demo-catalog';
import { createSeededRandom } from './seeded-random';

export type GenerateLegacyStoreOptions = {
  /** PRNG seed; the same seed gives byte-identical files. Default 2024. */
  seed?: number;
  /** Volume multiplier: about 6 × scale tenants and 2,500 × scale documents. Default 1. */
  scale?: number;
  /** Replace demo collection files already in `dir` (otherwise that is a conflict). Default false. */
  overwrite?: boolean;
};

export type DemoCollectionSummary = {
  name: string;
  file: string;
  /** Documents inserted through NeDB (re-inserts included). */
  inserted: number;
  /** Document versions appended by updates. */
  updated: number;
  /** Tombstones appended by removes. */
  removed: number;
  /** Lines appended by hand (the deliberate problems NeDB's own API cannot write). */
  appendedLines: number;
  /** Documents NeDB held in memory at the end: what a reload shows, unless NeDB refuses the file. */
  live: number;
};

export type LegacyStoreSummary = {
  dir: string;
  seed: number;
  scale: number;
  tenants: string[];
  collections: DemoCollectionSummary[];
  documentsWritten: number;
  /** The deliberately problematic records a migration must surface. */
  problems: string[];
};

/**
 * Write a realistic PenguinMails legacy store into `dir` with the real NeDB library, so the console
 * has something real to migrate on first start: admin collections, then per-tenant application
 * collections, then a round of updates and removes WITHOUT compaction (each datastore is loaded once,
 * while its file is empty, and never compacted, so every version and tombstone stays in the file),
 * then the problems a migration must report: 3 leads without `tenantId`, a corrupt line at the end of
 * `inbox-messages.db`, and a `company-settings` version with a dotted key (which NeDB cannot write, so
 * it is appended by hand; NeDB itself then refuses to load that file, Ferry reads and flags it).
 * Deterministic: every `_id`, value and date comes from a seeded PRNG and fixed dates, never the clock.
 * @throws AppError `bad_request` for a bad seed/scale, `conflict` if demo files exist and `overwrite` is off.
 */
export async function generateLegacyStore(dir: string, options: GenerateLegacyStoreOptions = {}): Promise<LegacyStoreSummary> {
  const seed = options.seed ?? 2024;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(seed)) throw new AppError('bad_request', 'Demo store seed must be a finite number');
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) throw new AppError('bad_request', 'Demo store scale must be a number in (0, 1000]');
  const absolute = path.resolve(dir);
  await prepareDirectory(absolute, options.overwrite ?? false);

  const random = createSeededRandom(seed);
  const admin = buildAdminRecords(random, scale);
  const tenants = chooseTenants(Math.max(1, Math.round(6 * scale)));
  const records = tenants.map((tenant) => buildTenantRecords(random, tenant));
  const orphanLeads: DemoDoc[] = Array.from({ length: 3 }, (_, index) => ({
    _id: random.id(), email: `import${index + 1}@unknown-prospect.example`, firstName: 'Imported', lastName: `Lead ${index + 1}`,
    status: 'new', source: 'csv-import', importBatch: 'batch-2023-11-07', createdAt: new Date(Date.UTC(2023, 10, 7, 9, index)),
  }));
  const operations: DemoOperation[] = [
    ...admin.operations,
    ...tenantInserts(records),
    { op: 'insert', collection: 'leads', docs: orphanLeads },
    ...records.flatMap((tenantRecords, index) => buildTenantHistory(random, tenantRecords, index)),
  ];

  const summaries = new Map<string, DemoCollectionSummary>();
  const stores = new Map<string, Datastore>();
  for (const name of DEMO_COLLECTIONS) {
    const file = path.join(absolute, `${name}.db`);
    const store = new Datastore({ filename: file });
    await store.loadDatabaseAsync(); // empty file: nothing to compact, and no compaction after this
    stores.set(name, store);
    summaries.set(name, { name, file, inserted: 0, updated: 0, removed: 0, appendedLines: 0, live: 0 });
  }
  for (const operation of operations) {
    const store = stores.get(operation.collection) as Datastore;
    const summary = summaries.get(operation.collection) as DemoCollectionSummary;
    if (operation.op === 'insert') {
      await store.insertAsync(operation.docs);
      summary.inserted += operation.docs.length;
    } else if (operation.op === 'update') {
      const { numAffected } = await store.updateAsync({ _id: operation.id }, operation.update, {});
      summary.updated += numAffected;
    } else {
      summary.removed += await store.removeAsync({ _id: operation.id }, {});
    }
  }
  for (const [name, store] of stores) (summaries.get(name) as DemoCollectionSummary).live = store.getAllData().length;

  const problems = await appendProblems(absolute, records[0] as TenantRecords, random.id(), summaries);
  problems.unshift(`leads: ${orphanLeads.length} documents without tenantId (${orphanLeads.map((lead) => lead._id).join(', ')})`);
  const collections = [...summaries.values()];
  return {
    dir: absolute, seed, scale, tenants: tenants.map((tenant) => tenant.key), collections,
    documentsWritten: collections.reduce((sum, collection) => sum + collection.inserted, 0), problems,
  };
}

async function prepareDirectory(dir: string, overwrite: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  const ours = new Set<string>(DEMO_COLLECTIONS.flatMap((name) => [`${name}.db`, `${name}.db~`]));
  const existing = (await readdir(dir)).filter((entry) => ours.has(entry));
  if (existing.length === 0) return;
  if (!overwrite) throw new AppError('conflict', `${dir} already holds demo collection files (${existing.join(', ')}); pass overwrite to replace them`);
  await Promise.all(existing.map((entry) => rm(path.join(dir, entry), { force: true })));
}

function chooseTenants(count: number): DemoTenant[] {
  return Array.from({ length: count }, (_, index) => {
    const organization = ORGANIZATIONS[index];
    if (organization) return { ...organization };
    return { key: `org_demo${index + 1}`, name: `Demo Org ${index + 1}`, domain: `demo${index + 1}.test`, country: 'US' };
  });
}

/** One insert per tenant and collection, collection by collection (tenants first: they are referenced). */
function tenantInserts(records: TenantRecords[]): DemoOperation[] {
  const collections = Object.keys(records[0] ?? {}) as Array<keyof TenantRecords>;
  return collections.flatMap((collection) => records.map((tenantRecords): DemoOperation => ({ op: 'insert', collection, docs: tenantRecords[collection] })));
}

/** Serialize like NeDB (`model.serialize`: Dates as `{"$$date": ms}`) but without its key checks. */
function serializeLikeNedb(doc: Record<string, unknown>): string {
  return JSON.stringify(doc, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $$date: raw.getTime() } : value;
  });
}

async function appendProblems(dir: string, first: TenantRecords, corruptId: string, summaries: Map<string, DemoCollectionSummary>): Promise<string[]> {
  const settings = first['company-settings'][0] as DemoDoc;
  const dotted = { ...settings, 'smtp.host': `smtp.${String(settings.tenantId).slice(4)}.test`, updatedAt: new Date(Date.UTC(2025, 5, 1)) };
  await appendFile(path.join(dir, 'company-settings.db'), `${serializeLikeNedb(dotted)}\n`);
  (summaries.get('company-settings') as DemoCollectionSummary).appendedLines += 1;

  const torn = `{"_id":"${corruptId}","tenantId":"${String(settings.tenantId)}","direction":"inbound","subject":"Re: pric`;
  await appendFile(path.join(dir, 'inbox-messages.db'), `${torn}\n`);
  (summaries.get('inbox-messages') as DemoCollectionSummary).appendedLines += 1;
  return [
    `company-settings: document ${settings._id} has a key with a dot ("smtp.host"); NeDB refuses to load this file`,
    'inbox-messages: the last line is corrupt JSON (a torn write)',
  ];
}
