import type { Db } from './pool';

/**
 * The pool of the role that owns Ferry's tables, for a runtime pool. Ferry connects as two roles: an
 * ordinary runtime role (every query a request or a loader makes; it owns nothing, so it cannot alter
 * or disable tenant isolation) and an owner role used only for DDL — schema migrations, Ferry's own
 * tables, the job queue's tables. Whoever opens the database registers the pair; with a single
 * configured role (DATABASE_URL alone, Nile) both are the same pool.
 */
const owners = new WeakMap<Db, Db>();

export function registerOwnerPool(runtime: Db, owner: Db): void {
  owners.set(runtime, owner);
}

/** The DDL pool paired with `runtime`, else `runtime` itself (one role does both). */
export function ownerPoolOf(runtime: Db): Db {
  return owners.get(runtime) ?? runtime;
}
