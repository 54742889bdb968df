import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeTempDir, removeDir } from '../legacy/nedb-test-kit';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrateHostileCorpus } from './testing/migrate-hostile-corpus';
import { prepareTarget } from './testing/migration-fixture';

let t: TestDatabase;
let root: string;
beforeAll(async () => {
  root = await makeTempDir('hostile-stress');
  t = await createTestDatabase();
  await prepareTarget(t.db);
});
afterAll(async () => {
  await t.drop();
  await removeDir(root);
});

describe('hostile legacy files at stress sizes (a 100 MB document, 100,000-deep nesting, 14,000 malformed lines)', () => {
  it('the same promises as the small suite: through the real Plan and a real run, what NeDB loads, every line accounted for', async () => {
    await migrateHostileCorpus(t, root, 'stress', 1_500_000);
  });
});
