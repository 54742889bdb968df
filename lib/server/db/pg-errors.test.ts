import { describe, expect, it } from 'vitest';
import { classifyPgError, isDatabaseUnavailable, unlessUndefinedTable } from './pg-errors';

const pgError = (code: string, constraint?: string) => Object.assign(new Error('server wording that must not matter'), { code, constraint });

describe('classifyPgError', () => {
  it('reads SQLSTATE classes, never the message', () => {
    expect(classifyPgError(pgError('57P01')).kind).toBe('connection_lost');
    expect(classifyPgError(pgError('08006')).kind).toBe('connection_lost');
    expect(classifyPgError(pgError('ECONNREFUSED')).kind).toBe('connection_lost');
    expect(classifyPgError(pgError('53300')).kind).toBe('unavailable');
    expect(classifyPgError(pgError('42P01')).kind).toBe('undefined_table');
    expect(classifyPgError(pgError('42501')).kind).toBe('permission_denied');
    expect(classifyPgError(pgError('23505', 'leads_pkey'))).toEqual({ kind: 'unique_violation', code: '23505', constraint: 'leads_pkey' });
    expect(classifyPgError(pgError('22P02')).kind).toBe('data_refused');
    expect(classifyPgError(pgError('23503')).kind).toBe('data_refused');
    expect(classifyPgError(pgError('42804')).kind).toBe('schema_mismatch');
    expect(classifyPgError(pgError('55P03')).kind).toBe('lock_not_available');
    expect(classifyPgError(pgError('40P01')).kind).toBe('retryable');
    expect(classifyPgError(pgError('0A000')).kind).toBe('nile_refused');
  });

  it('knows node-postgres’s own connection errors, which carry no code; anything else is other', () => {
    expect(classifyPgError(new Error('Connection terminated unexpectedly')).kind).toBe('connection_lost');
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(classifyPgError(new Error('permission denied for table x')).kind).toBe('other');
    expect(classifyPgError(Object.assign(new Error('x'), { code: 'conflict' })).kind).toBe('other');
    expect(classifyPgError(null).kind).toBe('other');
  });

  it('a probe falls back only on an undefined table; a permission problem or a lost connection surfaces', async () => {
    await expect(unlessUndefinedTable(() => Promise.reject(pgError('42P01')), 'empty')).resolves.toBe('empty');
    await expect(unlessUndefinedTable(() => Promise.reject(pgError('42501')), 'empty')).rejects.toMatchObject({ code: '42501' });
    await expect(unlessUndefinedTable(() => Promise.reject(pgError('57P01')), 'empty')).rejects.toMatchObject({ code: '57P01' });
  });
});
