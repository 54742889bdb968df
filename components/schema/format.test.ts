import { describe, expect, it } from 'vitest';
import { countMigrations, formatDuration, formatTimestamp, stepScript } from './format';

describe('schema page formatting', () => {
  it('prints timestamps in UTC whatever the offset they came with', () => {
    expect(formatTimestamp('2025-06-01T12:04:05.123Z')).toBe('2025-06-01 12:04:05 UTC');
    expect(formatTimestamp('2025-06-01 12:04:05.123456+05:30')).toBe('2025-06-01 06:34:05 UTC');
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });

  it.each([
    [0, '0 ms'], [840, '840 ms'], [3_240, '3.2 s'], [252_000, '4 min 12 s'], [7_500_000, '2 h 5 min'], [null, '—'], [-1, '—'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('counts migrations and joins statements into a script', () => {
    expect(countMigrations(1)).toBe('1 migration');
    expect(countMigrations(4)).toBe('4 migrations');
    expect(stepScript(['CREATE TABLE a (id uuid)', 'DROP TABLE b;  '])).toBe('CREATE TABLE a (id uuid);\n\nDROP TABLE b;');
  });
});
