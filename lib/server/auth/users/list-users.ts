import type { ConsoleUser } from '../../../shared/contracts/users';
import type { Db } from '../../db/pool';
import { toConsoleUser, USER_COLUMNS, type UserRow } from './user-row';

/** Every console user, Level 1 first, then by email. */
export async function listUsers(db: Db): Promise<ConsoleUser[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM ferry.console_users ORDER BY level, email`);
  return rows.map(toConsoleUser);
}

/** One user by id, or null. */
export async function getUser(db: Db, id: string): Promise<ConsoleUser | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM ferry.console_users WHERE id = $1`, [id]);
  return rows[0] ? toConsoleUser(rows[0]) : null;
}

/** Number of enabled Level-1 users: Ferry keeps at least one. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ferry.console_users WHERE level = 1 AND NOT disabled`);
  return rows[0]?.n ?? 0;
}
