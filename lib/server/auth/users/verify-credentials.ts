import type { Db } from '../../db/pool';
import { verifyAgainstNothing, verifyPassword } from '../password';
import type { ConsoleUser } from '../../../shared/contracts/users';
import { toConsoleUser, USER_COLUMNS, type UserRow } from './user-row';

export type CredentialCheck = { ok: true; user: ConsoleUser } | { ok: false; reason: 'unknown_email' | 'wrong_password' | 'disabled' };

/**
 * Checks an email and password. Unknown emails cost as much time as wrong passwords, so response times
 * do not reveal which emails exist. A successful check stamps `last_login_at`.
 */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<CredentialCheck> {
  const normalised = email.trim().toLowerCase();
  const { rows } = await db.query<UserRow & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM ferry.console_users WHERE email = $1`,
    [normalised],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: await verifyAgainstNothing(password).then(() => 'unknown_email' as const) };
  if (!(await verifyPassword(password, row.passwordHash))) return { ok: false, reason: 'wrong_password' };
  if (row.disabled) return { ok: false, reason: 'disabled' };
  await db.query(`UPDATE ferry.console_users SET last_login_at = now() WHERE id = $1`, [row.id]);
  return { ok: true, user: toConsoleUser(row) };
}
