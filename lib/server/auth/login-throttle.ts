import type { Db } from '../db/pool';

/** Failures allowed inside the window before sign-in is refused with 429. */
export const THROTTLE = { windowSeconds: 15 * 60, perEmail: 5, perAddress: 20 } as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: 'email' | 'address' };

/**
 * Decides whether a sign-in attempt may proceed, from recent failures for the same email and from
 * the same client address (shared by all server processes, since it lives in the database). The
 * retry time is when the oldest counted failure leaves the window.
 */
export async function checkLoginThrottle(db: Db, email: string, clientAddress: string): Promise<ThrottleVerdict> {
  const { rows } = await db.query<{ kind: 'email' | 'address'; n: number; retry: number | null }>(
    `WITH recent AS (
       SELECT email, client_address, at FROM ferry.login_failures WHERE at > now() - make_interval(secs => $3)
     ), by_email AS (
       SELECT at FROM recent WHERE email = $1 ORDER BY at DESC LIMIT $4
     ), by_address AS (
       SELECT at FROM recent WHERE client_address = $2 ORDER BY at DESC LIMIT $5
     )
     SELECT 'email' AS kind, count(*)::int AS n, ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int AS retry FROM by_email
     UNION ALL
     SELECT 'address', count(*)::int, ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int FROM by_address`,
    [email.trim().toLowerCase(), clientAddress, THROTTLE.windowSeconds, THROTTLE.perEmail, THROTTLE.perAddress],
  );
  for (const row of rows) {
    const limit = row.kind === 'email' ? THROTTLE.perEmail : THROTTLE.perAddress;
    if (row.n >= limit) return { allowed: false, retryAfterSeconds: Math.max(1, row.retry ?? THROTTLE.windowSeconds), reason: row.kind };
  }
  return { allowed: true };
}

/** Records a failed attempt, and forgets failures older than a day. */
export async function recordLoginFailure(db: Db, email: string, clientAddress: string): Promise<void> {
  await db.query(`INSERT INTO ferry.login_failures (email, client_address) VALUES ($1, $2)`, [email.trim().toLowerCase().slice(0, 254), clientAddress]);
  await db.query(`DELETE FROM ferry.login_failures WHERE at < now() - interval '1 day'`);
}

/** A successful sign-in clears that email's failures (the address keeps its count). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.query(`DELETE FROM ferry.login_failures WHERE email = $1`, [email.trim().toLowerCase()]);
}
