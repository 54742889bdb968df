/**
 * Writes one benchmark collection with the real NeDB library: `count` inserts (~500 bytes each, spread
 * over `tenants` tenants), then 5% updated and 1% removed without compaction, so the file carries
 * history like a production datafile. Run as a child process (NeDB keeps a collection in memory).
 *
 *   tsx lib/bench/generate-bench-collection.ts <file> <count> <tenants> <seed>
 */
import Datastore from '@seald-io/nedb';

const [file, countText, tenantsText, seedText] = process.argv.slice(2);
const count = Number(countText);
const tenants = Number(tenantsText);
let state = Number(seedText) || 1;
const random = () => {
  state = (state * 1103515245 + 12345) & 0x7fffffff;
  return state / 0x7fffffff;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november'];
const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

async function main(): Promise<void> {
  const db = new Datastore({ filename: file });
  await db.loadDatabaseAsync();
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const n = start + i;
      const id = `${(Number(seedText) * 1e7 + n).toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
      ids.push(id);
      return {
        _id: id, tenantId: `tenant_${String(Math.floor(random() * tenants)).padStart(3, '0')}`, name: `${pick(WORDS)} ${pick(WORDS)}`,
        email: `user${n}@${pick(WORDS)}.example`, status: pick(['new', 'active', 'paused', 'closed']), amount: Math.round(random() * 100000) / 100,
        tags: [pick(WORDS), pick(WORDS)], score: Math.floor(random() * 100), createdAt: new Date(1.6e12 + Math.floor(random() * 1e10)),
        address: { street: `${Math.floor(random() * 999)} ${pick(WORDS)} street`, city: pick(WORDS), zip: String(10000 + Math.floor(random() * 89999)) },
        notes: text(20),
      };
    });
    await db.insertAsync(docs);
  }
  for (const id of ids) {
    const roll = random();
    if (roll < 0.05) await db.updateAsync({ _id: id }, { $set: { status: 'updated', updatedAt: new Date(1.7e12) } });
    else if (roll < 0.06) await db.removeAsync({ _id: id }, {});
  }
  db.stopAutocompaction();
}

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
