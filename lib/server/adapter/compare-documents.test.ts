import { describe, expect, it } from 'vitest';
import { differingFields, sameJson } from './compare-documents';
import { comparePages } from './compare-pages';
import { compareCodePoints, legacyShape } from './legacy-shape';
import type { CollectionTarget } from '../mapping/resolve-targets';

describe('legacyShape', () => {
  it('writes dates as NeDB does, puts _id first and every key in code-point order at every depth', () => {
    const shaped = legacyShape({ z: 1, _id: 'a', b: { y: new Date(5), x: [new Date(7), { d: 1, c: 2 }] } });
    expect(JSON.stringify(shaped)).toBe('{"_id":"a","b":{"x":[{"$$date":7},{"c":2,"d":1}],"y":{"$$date":5}},"z":1}');
  });
  it('keeps a __proto__ key as data', () => {
    const doc = JSON.parse('{"_id":"p","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const shaped = legacyShape(doc);
    expect(Object.hasOwn(shaped, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('leaves out null mapped fields of typed collections (a column cannot tell null from missing)', () => {
    const target = { kind: 'typed', columns: { phone: { from: 'phone', type: 'text' } } } as unknown as CollectionTarget;
    expect(legacyShape({ _id: 'a', phone: null, other: null }, target)).toEqual({ _id: 'a', other: null });
  });
});

describe('compareCodePoints', () => {
  it('orders like PostgreSQL COLLATE "C" on UTF-8 (code points), not UTF-16 units', () => {
    const ids = ['\u{1F600}', '\uFF21', 'b', 'a', 'ab'];
    expect([...ids].sort(compareCodePoints)).toEqual(['a', 'ab', 'b', '\uFF21', '\u{1F600}']);
    expect([...ids].sort()).not.toEqual([...ids].sort(compareCodePoints)); // what plain sort would get wrong
  });
});

describe('differingFields', () => {
  it('names the differing fields down to three levels, sorted, and nothing for equal documents', () => {
    const a = { _id: 'x', name: 'A', stats: { sent: 1, opened: 2, deep: { more: { much: 1 } } }, tags: ['a'], gone: 1 };
    const b = { _id: 'x', name: 'B', stats: { sent: 1, opened: 3, deep: { more: { much: 2 } } }, tags: ['a', 'b'], added: 1 };
    expect(differingFields(a, b)).toEqual(['added', 'gone', 'name', 'stats.deep.more', 'stats.opened', 'tags']);
    expect(differingFields(a, structuredClone(a))).toEqual([]);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});

describe('comparePages', () => {
  it('pairs documents by _id and ignores ids pushed onto a full page by a missing one', () => {
    const page = (ids: string[], next: string | null) => ({ items: ids.map((id) => ({ _id: id })), next });
    const pairs = comparePages(page(['a', 'b', 'c'], 'c'), page(['a', 'c', 'd'], 'd'), 3);
    expect(pairs.map((p) => [p.legacyId, p.primary !== null, p.other !== null])).toEqual([['a', true, true], ['b', true, false], ['c', true, true]]);
  });
});
