import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCollections } from '@/lib/server/legacy/list-collections';
import { accounted, ferryView, makeTempDir, nedbView, removeDir } from '@/lib/server/legacy/nedb-test-kit';
import { DEMO_COLLECTIONS } from './demo-catalog';
import { generateLegacyStore, type LegacyStoreSummary } from './generate-legacy-store';

let root: string;
let summary: LegacyStoreSummary;

beforeAll(async () => {
  root = await makeTempDir('demo');
  summary = await generateLegacyStore(path.join(root, 'a'), { seed: 7 });
});
afterAll(async () => {
  await removeDir(root);
});

describe('generateLegacyStore', () => {
  it('writes every collection, a few thousand documents for ~6 tenants', async () => {
    const listing = await listCollections(summary.dir);
    expect(listing.collections.map((c) => c.name)).toEqual([...DEMO_COLLECTIONS].sort());
    expect(summary.tenants).toHaveLength(6);
    expect(summary.documentsWritten).toBeGreaterThan(2000);
    expect(summary.documentsWritten).toBeLessThan(6000);
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const again = await generateLegacyStore(path.join(root, 'b'), { seed: 7 });
    const other = await generateLegacyStore(path.join(root, 'c'), { seed: 8 });
    for (const name of DEMO_COLLECTIONS) {
      const first = await readFile(path.join(summary.dir, `${name}.db`));
      expect(first.equals(await readFile(path.join(again.dir, `${name}.db`))), name).toBe(true);
    }
    const leadsA = await readFile(path.join(summary.dir, 'leads.db'));
    expect(leadsA.equals(await readFile(path.join(other.dir, 'leads.db')))).toBe(false);
    await expect(generateLegacyStore(again.dir, { seed: 7 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(generateLegacyStore(again.dir, { seed: 7, overwrite: true })).resolves.toMatchObject({ documentsWritten: summary.documentsWritten });
  });

  it("reader's live documents equal what NeDB loads, collection by collection", async () => {
    for (const collection of summary.collections) {
      const ferry = await ferryView(collection.file);
      const nedb = await nedbView(collection.file);
      expect(accounted(ferry.scan), collection.name).toBe(ferry.scan.stats.lines);
      expect(ferry.scan.stats.live, collection.name).toBe(collection.live);
      expect([...ferry.docs.keys()].sort(), collection.name).toEqual([...nedb.parsed.keys()].sort());
      expect(Object.fromEntries(ferry.docs), collection.name).toEqual(Object.fromEntries(nedb.parsed));
      if (collection.name === 'company-settings') {
        expect(nedb.loaded).toBeInstanceOf(Error);
      } else {
        expect(nedb.loaded, collection.name).not.toBeInstanceOf(Error);
        expect(ferry.scan.stats.live, collection.name).toBe((nedb.loaded as Map<string, unknown>).size);
      }
    }
  });

  it('has history and the deliberate problems a migration must surface', async () => {
    const view = async (name: string) => ferryView(path.join(summary.dir, `${name}.db`));
    const leads = await view('leads');
    expect(leads.scan.stats.superseded).toBeGreaterThan(100);
    expect(leads.scan.stats.deleted).toBeGreaterThan(10);
    expect([...leads.docs.values()].filter((lead) => lead.tenantId === undefined)).toHaveLength(3);
    const inbox = await view('inbox-messages');
    expect(inbox.scan.stats.corrupt.count).toBe(1);
    expect(inbox.scan.stats.corrupt.samples[0]?.line).toBe(inbox.scan.stats.lines);
    const settings = await view('company-settings');
    expect(settings.scan.stats.nedb.invalidKeys.count).toBe(1);
    expect(settings.scan.stats.nedb.invalidKeys.samples[0]?.reason).toContain('smtp.host');
    const admins = await view('admin-users');
    const levelOne = [...admins.docs.values()].filter((admin) => admin.level === 1 && admin.status === 'active');
    expect(levelOne.length).toBeGreaterThanOrEqual(1);
    for (const admin of admins.docs.values()) expect(admin.passwordHash).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    const domains = await view('domains');
    expect(domains.docs.size).toBe(summary.collections.find((c) => c.name === 'domains')?.live);
    expect([...domains.docs.values()].some((domain) => domain.readdedAt instanceof Date)).toBe(true);
  });

  it('tags application documents with a tenant key and links them by legacy ids', async () => {
    const docs = async (name: string) => [...(await ferryView(path.join(summary.dir, `${name}.db`))).docs.values()];
    const tenants = await docs('tenants');
    expect(tenants.map((tenant) => tenant.tenantId).sort()).toEqual([...summary.tenants].sort());
    for (const name of ['users', 'companies', 'payments', 'campaigns', 'templates', 'inbox-messages', 'email-services']) {
      for (const doc of await docs(name)) expect(summary.tenants, `${name} ${String(doc._id)}`).toContain(doc.tenantId);
    }
    const templateIds = new Set((await docs('templates')).map((t) => t._id));
    for (const campaign of await docs('campaigns')) expect(templateIds.has(campaign.templateId)).toBe(true);
    const campaignIds = new Set((await docs('campaigns')).map((c) => c._id));
    for (const message of await docs('inbox-messages')) expect(campaignIds.has(message.campaignId)).toBe(true);
    for (const payment of await docs('payments')) expect(typeof payment.amount).toBe('number');
  });
});
