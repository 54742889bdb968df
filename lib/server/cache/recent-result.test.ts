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

  it('with staleMs, answers a stale reading at once while one computation refreshes it; too old, it waits', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const read = recentResult(10, async () => {
      calls += 1;
      if (calls > 1) await new Promise<void>((r) => (release = r));
      return calls;
    }, undefined, { staleMs: 200 });
    expect(await read(0)).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    // Past its time to live: the old answer at once, for everyone, and a single refresh in the background.
    expect(await Promise.all([read(0), read(0), read(0)])).toEqual([1, 1, 1]);
    expect(calls).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(await read(0)).toBe(2);
    await new Promise((r) => setTimeout(r, 250));
    // Older than ttl + staleMs: the caller waits for a fresh reading.
    const fresh = read(0);
    await new Promise((r) => setTimeout(r, 5));
    release();
    expect(await fresh).toBe(3);
  });
});
