import { describe, expect, it } from 'vitest';
import { ACTIVE_RUN_STATES, canTransition, MOVING_RUN_STATES, RUN_STATES, RUN_TRANSITIONS, statesLeadingTo } from './run-states';

describe('run states', () => {
  it('every transition names known states, and finished runs can only be rolled back', () => {
    for (const [from, targets] of Object.entries(RUN_TRANSITIONS)) {
      expect(RUN_STATES).toContain(from);
      for (const to of targets) expect(RUN_STATES).toContain(to);
    }
    expect(RUN_TRANSITIONS.completed).toEqual(['rolling_back']);
    expect(RUN_TRANSITIONS.rolled_back).toEqual([]);
    expect(canTransition('failed', 'queued')).toBe(true);
    expect(canTransition('completed', 'queued')).toBe(false);
  });

  it('moving states are active; statesLeadingTo inverts the table', () => {
    for (const state of MOVING_RUN_STATES) expect(ACTIVE_RUN_STATES).toContain(state);
    expect(statesLeadingTo('pausing')).toEqual(['snapshotting', 'queued', 'running']);
    expect(statesLeadingTo('rolled_back')).toEqual(['rolling_back']);
  });
});
