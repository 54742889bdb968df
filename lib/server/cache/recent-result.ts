/**
 * A read that many callers share: within `ttlMs` of the last answer every caller gets that answer, and
 * while one computation runs every caller waits for it (single flight) — so 50 people polling a status
 * page cost one computation a second, not 50. A failure is not kept: the next caller computes again.
 *
 * With `staleMs`, an answer older than `ttlMs` but younger than `ttlMs + staleMs` is still returned at
 * once while one computation refreshes it in the background (stale-while-revalidate): callers never
 * wait for the database while a busy run slows it down. Callers that must see a change at once put
 * what changes (a run's state) in the key.
 */
export function recentResult<K, V>(
  ttlMs: number,
  compute: (key: K) => Promise<V>,
  keyOf: (key: K) => unknown = (key) => key,
  options: { staleMs?: number } = {},
): (key: K) => Promise<V> {
  type Entry = { at: number; value: Promise<V>; settled: boolean; refreshing: boolean };
  const entries = new Map<unknown, Entry>();
  const staleMs = options.staleMs ?? 0;

  const start = (key: K, id: unknown, previous?: Entry): Promise<V> => {
    const value = compute(key);
    const entry: Entry = { at: Date.now(), value, settled: false, refreshing: false };
    if (!previous) entries.set(id, entry);
    value.then(
      () => {
        entry.settled = true;
        if (previous) entries.set(id, entry); // a background refresh replaces the stale answer once it has one
      },
      () => {
        if (previous) previous.refreshing = false;
        else if (entries.get(id) === entry) entries.delete(id);
      },
    );
    if (entries.size > 1000) entries.delete(entries.keys().next().value);
    return value;
  };

  return (key: K) => {
    const id = keyOf(key);
    const entry = entries.get(id);
    const age = entry ? Date.now() - entry.at : Number.POSITIVE_INFINITY;
    if (entry && age < ttlMs) return entry.value;
    if (entry && entry.settled && age < ttlMs + staleMs) {
      if (!entry.refreshing) {
        entry.refreshing = true;
        void start(key, id, entry).catch(() => undefined);
      }
      return entry.value;
    }
    return start(key, id);
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
