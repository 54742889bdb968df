import { describe, expect, it } from 'vitest';
import { recentResult } from './recent-result';

describe('recentResult', () => {
  it('shares one computation between concurrent and recent callers, per key', async () => {
    let calls = 0;
    const read = recentResult(1000, async (key: string) => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      return `${key}:${calls}`;
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => read('a')));
    expect(new Set(answers)).toEqual(new Set(['a:1']));
    expect(await read('a')).toBe('a:1');
    expect(await read('b')).toBe('b:2');
    expect(calls).toBe(2);
  });

  it('computes again after the time to live, and after a failure', async () => {
    let calls = 0;
    const read = recentResult(10, async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return calls;
    });
    await expect(read(0)).rejects.toThrow('boom');
    expect(await read(0)).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(await read(0)).toBe(3);
  });
});
