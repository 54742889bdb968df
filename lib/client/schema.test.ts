import { describe, expect, it } from 'vitest';
import type { SchemaRunResponse } from '../shared/contracts/schema';
import { ApiError } from './api-client';
import { failedRunResult } from './schema';

const result: SchemaRunResponse = {
  ok: false, dryRun: false, direction: 'up', actor: 'admin@ferry.test',
  steps: [{ id: '0001_a', name: 'A', direction: 'up', ok: false, durationMs: 3, statements: ['CREATE TABLE a ()'], error: 'boom' }],
};

describe('failedRunResult', () => {
  it('returns the per-step result a failed run carries in its 409 details', () => {
    expect(failedRunResult(new ApiError(409, 'conflict', 'Migration 0001_a failed', { result, failedStep: '0001_a' }))).toEqual(result);
  });

  it.each([
    ['a refusal naming the lock holder', new ApiError(409, 'conflict', 'another migration is running', { lock: { holder: 'x', pid: 1, since: null } })],
    ['lint errors', new ApiError(422, 'unprocessable', 'lint', { findings: [] })],
    ['an error without details', new ApiError(0, 'network', 'down')],
    ['something that is not an ApiError', new Error('x')],
  ])('returns null for %s', (_label, error) => {
    expect(failedRunResult(error)).toBeNull();
  });
});
