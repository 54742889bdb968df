import { describe, expect, it } from 'vitest';
import { formatCount, formatEta, formatPercent, formatRate, plural, ratio } from './format';

describe('formatEta', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    [-1, '—'],
    [Number.NaN, '—'],
    [0, '0 s'],
    [0.2, '1 s'],
    [59, '59 s'],
    [60, 'about 1 min'],
    [150, 'about 3 min'],
    [3599, 'about 60 min'],
    [3600, 'about 1 h'],
    [4800, 'about 1 h 20 min'],
    [86_399, 'about 24 h'],
    [86_400, 'about 1 day'],
    [3 * 86_400 + 100, 'about 3 days'],
  ])('%s s → %s', (seconds, expected) => {
    expect(formatEta(seconds)).toBe(expected);
  });
});

describe('numbers', () => {
  it('groups thousands the same in every locale', () => {
    expect(formatCount(2426)).toBe('2,426');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(12.6)).toBe('13');
    expect(formatCount(null)).toBe('—');
  });

  it('shows percentages with one decimal at most, clamped', () => {
    expect(formatPercent(42.46)).toBe('42.5 %');
    expect(formatPercent(100)).toBe('100 %');
    expect(formatPercent(130)).toBe('100 %');
    expect(formatPercent(-3)).toBe('0 %');
    expect(formatPercent(Number.NaN)).toBe('0 %');
  });

  it('names rates and plurals', () => {
    expect(formatRate(1204)).toBe('1,204 rows/s');
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(2426, 'record')).toBe('2,426 records');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
  });

  it('computes a bar fraction that survives empty totals', () => {
    expect(ratio(3, 10)).toBe(0.3);
    expect(ratio(12, 10)).toBe(1);
    expect(ratio(0, 0)).toBe(0);
    expect(ratio(0, 0, true)).toBe(1);
  });
});
