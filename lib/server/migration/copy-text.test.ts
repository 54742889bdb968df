import { describe, expect, it } from 'vitest';
import { serializeNedb } from '../legacy/nedb-serialize';
import { copyField, copyRow, storedJson } from './copy-text';

describe('COPY text encoding', () => {
  it('escapes backslash, newline, carriage return and tab, and writes NULL as \\N', () => {
    expect(copyField('a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(copyField(null)).toBe('\\N');
    expect(copyRow(['x', null, '{"a":"\\u0000"}'])).toBe('x\t\\N\t{"a":"\\\\u0000"}\n');
  });
});

describe('NeDB serialization', () => {
  it('writes dates as {"$$date": ms} at any depth, like NeDB', () => {
    const when = new Date(1700000000000);
    expect(serializeNedb({ a: when, b: [when], c: { d: when } })).toBe('{"a":{"$$date":1700000000000},"b":[{"$$date":1700000000000}],"c":{"d":{"$$date":1700000000000}}}');
  });
  it('keeps the stored line when it is canonical, and re-serializes when NeDB would have changed it', () => {
    const doc = { _id: '1', at: new Date(5) };
    expect(storedJson(doc, '{"_id":"1","at":{"$$date":5}}')).toBe('{"_id":"1","at":{"$$date":5}}');
    expect(storedJson({ _id: '1', x: 'no dates' }, '{"_id":"1","x":"no dates"}')).toBe('{"_id":"1","x":"no dates"}');
    // NeDB loads {"$$date":5,"extra":1} as the date alone: the stored line is not what NeDB loads.
    expect(storedJson(doc, '{"_id":"1","at":{"$$date":5,"extra":1}}')).toBe('{"_id":"1","at":{"$$date":5}}');
    expect(storedJson(doc, undefined)).toBe('{"_id":"1","at":{"$$date":5}}');
  });
});
