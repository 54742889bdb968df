import type { ConsoleUser } from '../../../shared/contracts/users';

/** Columns selected for a console user, aliased to the API's field names. Never includes the hash. */
export const USER_COLUMNS = `id, email, name, level, disabled, created_at::text AS "createdAt", last_login_at::text AS "lastLoginAt"`;

export type UserRow = ConsoleUser;

export function toConsoleUser(row: UserRow): ConsoleUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    level: Number(row.level) as ConsoleUser['level'],
    disabled: row.disabled,
    createdAt: new Date(row.createdAt).toISOString(),
    lastLoginAt: row.lastLoginAt ? new Date(row.lastLoginAt).toISOString() : null,
  };
}
