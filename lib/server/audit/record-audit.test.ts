import { describe, expect, it } from 'vitest';
import { redactParams } from './record-audit';

describe('redactParams', () => {
  it('replaces secret-looking keys at any depth and keeps the rest', () => {
    expect(redactParams({ email: 'a@b.c', password: 'p', level: 1, nested: [{ token: 't', name: 'n' }], Authorization: 'Bearer x', passwordHash: 'h' })).toEqual({
      email: 'a@b.c', password: '[redacted]', level: 1, nested: [{ token: '[redacted]', name: 'n' }], Authorization: '[redacted]', passwordHash: '[redacted]',
    });
  });
  it('bounds size: long strings, long arrays and deep nesting are cut', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
    expect(JSON.stringify(redactParams(deep))).toContain('[truncated]');
    expect((redactParams('x'.repeat(2000)) as string).length).toBeLessThan(510);
    expect((redactParams(Array.from({ length: 100 }, (_, i) => i)) as number[]).length).toBe(50);
  });
});
