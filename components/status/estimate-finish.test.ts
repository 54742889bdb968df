import { describe, expect, it } from 'vitest';
import { addSample, estimateFinish, MAX_SAMPLES, type ProgressSample } from './estimate-finish';

const s = (at: number, processed: number, runId = 'r1'): ProgressSample => ({ runId, at, processed });

describe('addSample', () => {
  it('appends readings of the same run, ignoring a repeat of the same reading', () => {
    const one = addSample([], s(1000, 10));
    expect(addSample(one, s(1000, 10))).toBe(one);
    expect(addSample(one, s(5000, 50))).toEqual([s(1000, 10), s(5000, 50)]);
  });

  it('starts afresh for another run or when the count goes back', () => {
    const history = [s(1000, 10), s(5000, 50)];
    expect(addSample(history, s(9000, 5, 'r2'))).toEqual([s(9000, 5, 'r2')]);
    expect(addSample(history, s(9000, 40))).toEqual([s(9000, 40)]);
  });

  it('keeps only the latest readings', () => {
    let history: ProgressSample[] = [];
    for (let i = 0; i < MAX_SAMPLES + 5; i += 1) history = addSample(history, s(i * 1000, i));
    expect(history).toHaveLength(MAX_SAMPLES);
    expect(history[0]).toEqual(s(5000, 5));
  });
});

describe('estimateFinish', () => {
  it('applies the window’s rate to what remains', () => {
    // 400 records in 4 s = 100/s; 600 remain → 6 s after the last reading.
    expect(estimateFinish([s(10_000, 100), s(12_000, 300), s(14_000, 500)], 1100)).toEqual({ etaSeconds: 6, finishAt: 20_000 });
  });

  it('cannot tell from one reading, readings too close together, or no progress (paused)', () => {
    expect(estimateFinish([], 10)).toBeNull();
    expect(estimateFinish([s(1000, 1)], 10)).toBeNull();
    expect(estimateFinish([s(1000, 1), s(1500, 5)], 10)).toBeNull();
    expect(estimateFinish([s(1000, 5), s(9000, 5)], 10)).toBeNull();
  });

  it('is zero once everything is processed', () => {
    expect(estimateFinish([s(1000, 10)], 10)).toEqual({ etaSeconds: 0, finishAt: 1000 });
  });
});
