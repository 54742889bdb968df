import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { livePool } from './pool';

describe('livePool', () => {
  it('reads the underlying pool at every use, so a replaced pool is picked up', async () => {
    let current = new pg.Pool({ max: 1 });
    const live = livePool(() => current);
    expect(live.totalCount).toBe(0);
    await current.end();
    current = new pg.Pool({ max: 2 });
    expect(live.options.max).toBe(2); // the replacement, not the ended pool
    expect(typeof live.query).toBe('function');
    await current.end();
  });
});
