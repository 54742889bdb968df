import { describe, expect, it } from 'vitest';
import { BatchBuffer } from './batch-buffer';
import { copyRow } from './copy-text';

describe('BatchBuffer', () => {
  it('encodes a row given as fields exactly like copyRow, escapes and multi-byte characters included', () => {
    const values = [
      ['a', null, 'tab\there', 'new\nline', 'cr\rx', 'back\\slash', '🐧 émoji'],
      [null, '', '\\N', 'plain'],
      [`${'x'.repeat(70_000)}\\${'🐧'.repeat(40_000)}\n${'é'.repeat(65_535)}🐧end`], // slices cut inside pairs and escapes
    ];
    for (const fields of values) {
      const viaString = new BatchBuffer({ tenantKey: null, keepDocuments: false });
      viaString.push(1, 'a', copyRow(fields));
      const viaFields = new BatchBuffer({ tenantKey: null, keepDocuments: false });
      viaFields.push(1, 'a', fields);
      expect(viaFields.toBuffer().equals(viaString.toBuffer())).toBe(true);
      expect(viaFields.bytes).toBe(viaString.toBuffer().length);
    }
  });

  it('reserves a big row exactly (not three times its length) and never concatenates around it', () => {
    const big = 'y'.repeat(3 << 20);
    const batch = new BatchBuffer({ tenantKey: null, keepDocuments: false });
    batch.push(7, 'big', ['id', big]);
    const whole = batch.toBuffer();
    expect(whole.length).toBe(big.length + 4);
    expect(whole.buffer.byteLength).toBeLessThan(big.length + (1 << 20)); // one exact allocation, not 3×
    expect(batch.toBuffer().buffer === whole.buffer).toBe(true); // one part: a view of the same memory, no concatenation
  });

  it('splits rows without copying and recovers a row’s document from its data column', () => {
    const batch = new BatchBuffer({ tenantKey: null, keepDocuments: false });
    for (let i = 0; i < 3000; i += 1) batch.push(i + 1, `d${i}`, copyRow([`id${i}`, `{"_id":"d${i}","t":"a\\tb\\n${'z'.repeat(i % 300)}"}`]));
    const rows = batch.rows();
    expect(rows).toHaveLength(3000);
    expect(rows.every((row) => row[row.length - 1] === 0x0a)).toBe(true);
    expect(batch.document(5, rows[5] as Buffer, 1)).toBe(`{"_id":"d5","t":"a\\tb\\n${'z'.repeat(5)}"}`);
  });
});
