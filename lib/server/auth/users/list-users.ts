import type { ConsoleUser } from '../../../shared/contracts/users';
import type { Db } from '../../db/pool';
import { toConsoleUser, USER_COLUMNS, type UserRow } from './user-row';

/** Every console user, Level 1 first, then by email. */
export async function listUsers(db: Db): Promise<ConsoleUser[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM ferry.console_users ORDER BY level, email`);
  return rows.map(toConsoleUser);
}
