/**
 * A read that many callers share: within `ttlMs` of the last answer every caller gets that answer, and
 * while one computation runs every caller waits for it (single flight) — so 50 people polling a status
 * page cost one computation a second, not 50. A failure is not kept: the next caller computes again.
 */
export function recentResult<K, V>(ttlMs: number, compute: (key: K) => Promise<V>, keyOf: (key: K) => unknown = (key) => key): (key: K) => Promise<V> {
  const entries = new Map<unknown, { at: number; value: Promise<V> }>();
  return (key: K) => {
    const id = keyOf(key);
    const now = Date.now();
    const entry = entries.get(id);
    if (entry && now - entry.at < ttlMs) return entry.value;
    const value = compute(key);
    entries.set(id, { at: now, value });
    value.catch(() => {
      if (entries.get(id)?.value === value) entries.delete(id);
    });
    if (entries.size > 1000) entries.delete(entries.keys().next().value);
    return value;
  };
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/** A number that stands for an object (a pool) in a cache key, for as long as the object lives. */
export function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = (nextIdentity += 1);
    identities.set(value, id);
  }
  return id;
}
