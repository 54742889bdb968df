import { describe, expect, it } from 'vitest';
import { createTenantSplitter } from './tenant-splitter';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

/** Feeds `text` in chunks of `size` bytes and collects the segments the splitter forms. */
async function split(text: string, size: number, isTenant = true): Promise<{ tenant: string | null; text: string }[]> {
  const segments: { tenant: string | null; parts: Buffer[] }[] = [];
  const splitter = createTenantSplitter(isTenant, {
    begin: async (tenant) => { segments.push({ tenant, parts: [] }); },
    data: async (chunk) => { segments.at(-1)?.parts.push(Buffer.from(chunk)); },
    end: async () => undefined,
  });
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) await splitter.push(bytes.subarray(at, at + size));
  await splitter.finish();
  return segments.map((s) => ({ tenant: s.tenant, text: Buffer.concat(s.parts).toString() }));
}

describe('createTenantSplitter', () => {
  const rows = [`${A}\tone\t{"x": 1}\n`, `${A}\ttwo\t\\N\n`, `${B}\tthree\t{"é": "ü"}\n`, `${B}\tfour\t{}\n`];
  const text = rows.join('');

  it('cuts COPY text ordered by tenant into one segment per tenant, whatever the chunk boundaries', async () => {
    const expected = [{ tenant: A, text: rows[0]! + rows[1]! }, { tenant: B, text: rows[2]! + rows[3]! }];
    for (const size of [1, 2, 7, 36, 37, 38, 50, 1000]) expect(await split(text, size)).toEqual(expected);
  });

  it('keeps a shared table in one segment', async () => {
    expect(await split('a\t1\nb\t2\n', 3, false)).toEqual([{ tenant: null, text: 'a\t1\nb\t2\n' }]);
  });

  it('forms no segment for an empty table', async () => {
    expect(await split('', 10)).toEqual([]);
  });

  it('refuses output that ends inside a row', async () => {
    await expect(split(`${A}\tcut`, 4)).rejects.toThrow(/inside a row/);
  });
});
