import { describe, expect, it } from 'vitest';
import { chartGeometry, niceCeiling } from './chart-geometry';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

describe('niceCeiling', () => {
  it.each([
    [0, 1], [-5, 1], [0.3, 0.5], [1, 1], [7, 10], [12, 20], [200, 200], [201, 500], [733, 1000], [40_001, 50_000],
  ])('%s → %s', (n, expected) => {
    expect(niceCeiling(n)).toBeCloseTo(expected);
  });
});

describe('chartGeometry', () => {
  it('needs two points to draw a line', () => {
    expect(chartGeometry([], 100, 50)).toBeNull();
    expect(chartGeometry([{ at: at(0), rowsPerSecond: 10 }], 100, 50)).toBeNull();
  });

  it('places points on elapsed time and rate, 0 at the bottom and the nice peak at the top', () => {
    const g = chartGeometry([
      { at: at(0), rowsPerSecond: 0 },
      { at: at(5), rowsPerSecond: 100 },
      { at: at(10), rowsPerSecond: 200 },
    ], 100, 50);
    expect(g).toEqual({
      line: '0,50 50,25 100,0',
      area: '0,50 0,50 50,25 100,0 100,50',
      max: 200,
      peak: 200,
      latest: 200,
      spanSeconds: 10,
    });
  });

  it('keeps time proportional (a pause is a long flat gap) and ignores unparseable times and negative rates', () => {
    const g = chartGeometry([
      { at: at(0), rowsPerSecond: 40 },
      { at: 'not a date', rowsPerSecond: 999 },
      { at: at(1), rowsPerSecond: -3 },
      { at: at(20), rowsPerSecond: 50 },
    ], 200, 100);
    expect(g?.line).toBe('0,20 10,100 200,0');
    expect(g?.peak).toBe(50);
    expect(g?.max).toBe(50);
    expect(g?.spanSeconds).toBe(20);
  });
});
