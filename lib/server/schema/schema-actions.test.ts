import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { schemaActorName, toSchemaStatusResponse } from './schema-actions';
import type { SchemaStatus } from './schema-status';

const sum = (c: string) => c.repeat(64);

const status: SchemaStatus = {
  set: 'schema',
  applied: [
    { id: '0001_a', name: 'A', checksum: sum('a'), appliedAt: '2025-06-01 12:04:05.123456+02', appliedBy: 'admin@ferry.test', durationMs: 42, isEdited: false, isMissing: false },
    { id: '0003_c', name: 'C', checksum: sum('c'), appliedAt: '2025-06-01 12:05:00+00', appliedBy: 'cli:root', durationMs: 7, isEdited: true, isMissing: false },
  ],
  pending: [{ id: '0002_b', name: 'B', checksum: sum('b') }, { id: '0004_d', name: 'D', description: 'does D', checksum: sum('d') }],
  problems: [
    { kind: 'edited', id: '0003_c', message: 'Migration 0003_c was edited.' },
    { kind: 'out_of_order', id: '0002_b', message: 'Migration 0002_b sorts before 0003_c.' },
  ],
  lock: { holder: 'ops@ferry.test', pid: 4312, since: '2025-06-01 12:04:00+00' },
  lockHeldMs: 65_000,
  lint: [
    { migrationId: '0004_d', rule: 'no-trigger', severity: 'error', message: 'Nile forbids triggers.', statement: 'CREATE TRIGGER t' },
    { migrationId: '0004_d', rule: 'index', severity: 'warning', message: 'Consider an index.', statement: 'CREATE TABLE d' },
  ],
};

describe('toSchemaStatusResponse', () => {
  const response = toSchemaStatusResponse(status, new Date('2025-06-01T12:05:05Z'));

  it('shortens checksums, normalises timestamps to ISO and keeps the flags', () => {
    expect(response.applied[0]).toEqual({ id: '0001_a', name: 'A', checksum: 'aaaaaaaaaaaa', appliedAt: '2025-06-01T10:04:05.123Z', appliedBy: 'admin@ferry.test', durationMs: 42, isEdited: false, isMissing: false });
    expect(response.applied[1]).toMatchObject({ checksum: 'cccccccccccc', isEdited: true });
    expect(response.checkedAt).toBe('2025-06-01T12:05:05.000Z');
  });

  it('marks out-of-order pending migrations and fills a missing description with null', () => {
    expect(response.pending).toEqual([
      { id: '0002_b', name: 'B', description: null, checksum: 'bbbbbbbbbbbb', isOutOfOrder: true },
      { id: '0004_d', name: 'D', description: 'does D', checksum: 'dddddddddddd', isOutOfOrder: false },
    ]);
  });

  it('counts lint errors and warnings and describes the lock holder with how long it has held it', () => {
    expect(response.lint.errors).toBe(1);
    expect(response.lint.warnings).toBe(1);
    expect(response.lint.findings[0]).toEqual(status.lint[0]);
    expect(response.lock).toEqual({ holder: 'ops@ferry.test', pid: 4312, since: '2025-06-01T12:04:00.000Z', heldMs: 65_000 });
    expect(response.problems).toEqual(status.problems);
  });

  it('answers lock null when no migration runs, and never leaks extra fields of the rows', () => {
    const free = toSchemaStatusResponse({ ...status, lock: null, lockHeldMs: null, applied: [{ ...status.applied[0]!, extra: 'x' } as never] });
    expect(free.lock).toBeNull();
    expect(Object.keys(free.applied[0]!)).not.toContain('extra');
  });
});

describe('schemaActorName', () => {
  it('records API and console runs under the caller’s email', () => {
    const actor: Actor = { kind: 'token', userId: 'u', email: 'admin@ferry.test', name: 'Admin', level: 1 };
    expect(schemaActorName(actor)).toBe('admin@ferry.test');
    expect(schemaActorName({ ...actor, kind: 'cli', email: null, name: 'cli:root' })).toBe('cli:root');
  });
});
