import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { measureBigDocument } from './testing/measure-big-document';
import { prepareTarget } from './testing/migration-fixture';

const MB = 1024 * 1024;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await prepareTarget(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe('one big document', { timeout: 300_000 }, () => {
  it('a 20 MB document: the Plan and the run each peak under 3 × its size + 200 MB, and it arrives intact', async () => {
    const measured = await measureBigDocument(t, 20 * MB);
    const bound = (3 * measured.documentBytes) / MB + 200;
    expect(measured.planLive).toBe(4);
    expect(measured.quarantineExpected).toBe(0);
    expect(measured.rowBlobMd5).toBe(measured.expectedBlobMd5);
    expect(measured.planPeakMb, JSON.stringify(measured)).toBeLessThan(bound);
    expect(measured.runPeakMb, JSON.stringify(measured)).toBeLessThan(bound);
  });
});
