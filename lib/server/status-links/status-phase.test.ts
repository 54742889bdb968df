import { describe, expect, it } from 'vitest';
import { phaseOf, wordsFor } from './status-phase';
import { STATUS_PHASES } from '../../shared/contracts/status';

const base = { run: null, mode: 'legacy', validation: null, snapshot: null, rollback: null } as const;

describe('phaseOf', () => {
  it('follows the move from planning to cut over, and says when it was undone', () => {
    expect(phaseOf(base)).toBe('planning');
    expect(phaseOf({ ...base, snapshot: 'creating' })).toBe('snapshot');
    expect(phaseOf({ ...base, run: 'snapshotting' })).toBe('snapshot');
    expect(phaseOf({ ...base, run: 'running' })).toBe('migrating');
    expect(phaseOf({ ...base, run: 'paused' })).toBe('migrating');
    expect(phaseOf({ ...base, run: 'completed' })).toBe('validating');
    expect(phaseOf({ ...base, run: 'completed', validation: 'passed' })).toBe('validating');
    expect(phaseOf({ ...base, run: 'completed', mode: 'hybrid' })).toBe('hybrid');
    expect(phaseOf({ ...base, run: 'completed', mode: 'new' })).toBe('cut_over');
    expect(phaseOf({ ...base, run: 'rolling_back', mode: 'hybrid' })).toBe('rolled_back');
    expect(phaseOf({ ...base, run: 'rolled_back' })).toBe('rolled_back');
    expect(phaseOf({ ...base, run: 'completed', rollback: 'running' })).toBe('rolled_back');
  });
  it('has words for every phase', () => {
    for (const phase of STATUS_PHASES) expect(wordsFor(phase, { runState: null, validation: null, critical: 0 }).headline.length).toBeGreaterThan(3);
  });
});
