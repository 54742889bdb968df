import { describe, expect, it } from 'vitest';
import { formatBytes, formatRatio, formatTypes } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'], [12, '12 B'], [1023, '1023 B'], [1024, '1 KB'], [1536, '1.5 KB'], [976_266, '953 KB'],
    [1_468_006, '1.4 MB'], [5 * 1024 ** 3, '5 GB'], [-1, '—'], [Number.NaN, '—'],
  ])('%s → %s', (n, expected) => {
    expect(formatBytes(n)).toBe(expected);
  });
});

describe('formatTypes', () => {
  it('lists the types most frequent first, ties by name', () => {
    expect(formatTypes({ null: 2, string: 40 })).toBe('string ×40, null ×2');
    expect(formatTypes({ number: 3, date: 3 })).toBe('date ×3, number ×3');
    expect(formatTypes({})).toBe('—');
  });
});

describe('formatRatio', () => {
  it.each([[0, '0 %'], [0.004, '<1 %'], [0.125, '12.5 %'], [1, '100 %'], [Number.NaN, '0 %']])('%s → %s', (r, expected) => {
    expect(formatRatio(r)).toBe(expected);
  });
});
