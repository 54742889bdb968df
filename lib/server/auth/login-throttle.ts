import type { Db } from '../db/pool';
import { locks, xactLock } from '../db/advisory-locks';
import { withTransaction } from '../db/transaction';

/** Attempts allowed inside the window before sign-in is refused with 429. */
export const THROTTLE = { windowSeconds: 15 * 60, perEmail: 5, perAddress: 20 } as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: 'email' | 'address' };

/**
 * Admits or refuses one sign-in attempt before its password is checked. The attempt is counted first
 * (as a failure until the sign-in succeeds and clears it), under transaction locks on its address and
 * email, so parallel attempts cannot all slip under the limit. More than `perEmail` attempts for one
 * email, or `perAddress` from one address, inside the window are refused; a refused attempt is not
 * counted, and the retry time is when the oldest counted attempt leaves the window.
 */
export async function admitLoginAttempt(db: Db, email: string, clientAddress: string): Promise<ThrottleVerdict> {
  const key = email.trim().toLowerCase().slice(0, 254);
  return withTransaction(db, async (client) => {
    await xactLock(client, locks.loginAddress(clientAddress), locks.loginEmail(key));
    const inserted = await client.query<{ id: string }>(`INSERT INTO ferry.login_failures (email, client_address) VALUES ($1, $2) RETURNING id`, [key, clientAddress]);
    const { rows } = await client.query<{ kind: 'email' | 'address'; n: number; retry: number | null }>(
      `WITH recent AS (
         SELECT email, client_address, at FROM ferry.login_failures WHERE at > now() - make_interval(secs => $3)
       )
       SELECT 'email' AS kind, count(*)::int AS n, ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int AS retry FROM recent WHERE email = $1
       UNION ALL
       SELECT 'address', count(*)::int, ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int FROM recent WHERE client_address = $2`,
      [key, clientAddress, THROTTLE.windowSeconds],
    );
    for (const row of rows) {
      const limit = row.kind === 'email' ? THROTTLE.perEmail : THROTTLE.perAddress;
      if (row.n > limit) {
        await client.query(`DELETE FROM ferry.login_failures WHERE id = $1`, [inserted.rows[0]?.id]);
        return { allowed: false, retryAfterSeconds: Math.max(1, row.retry ?? THROTTLE.windowSeconds), reason: row.kind };
      }
    }
    await client.query(`DELETE FROM ferry.login_failures WHERE at < now() - interval '1 day'`);
    return { allowed: true };
  });
}

/** A successful sign-in clears that email's counted attempts (the address keeps the others). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.query(`DELETE FROM ferry.login_failures WHERE email = $1`, [email.trim().toLowerCase()]);
}
