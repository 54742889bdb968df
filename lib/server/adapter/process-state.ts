/**
 * State the adapter shares across the whole server process. Next.js may bundle a module once per route,
 * so module-level variables would be one copy per route (a mode switched by `PUT /api/migration/mode`
 * unseen by `/api/data`, counters of one route invisible to the stats of another, one legacy index per
 * route). Like runtime-config.ts, the state lives on `globalThis` under a registered symbol.
 */
export function processState<T>(name: string, create: () => T): T {
  const key = Symbol.for(`ferry.adapter.${name}`);
  const holder = globalThis as Record<symbol, unknown>;
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}
