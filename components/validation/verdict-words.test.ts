import { describe, expect, it } from 'vitest';
import { verdictWords } from './verdict-words';

const progress = { checked: 5, total: 10, percentage: 50 };

describe('verdictWords', () => {
  it('says safe to proceed only for a completed validation without critical issues', () => {
    expect(verdictWords({ state: 'completed', overall: true, progress, counts: { critical: 0, warnings: 2 } })).toEqual({ tone: 'good', title: 'Safe to proceed', detail: 'No critical issue · 2 warnings to review' });
    expect(verdictWords({ state: 'completed', overall: false, progress, counts: { critical: 1, warnings: 0 } })).toMatchObject({ tone: 'bad', title: 'Not safe to proceed', detail: '1 critical issue' });
  });
  it('says a running validation is running, with its progress, and a failed one could not finish', () => {
    expect(verdictWords({ state: 'running', overall: null, progress, counts: null })).toMatchObject({ tone: 'info', detail: '50 % of 10 documents checked' });
    expect(verdictWords({ state: 'failed', overall: false, progress, counts: { critical: 1, warnings: 0 } }).title).toBe('Validation could not finish');
  });
});
