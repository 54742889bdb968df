import { AppError } from '../../../shared/errors';
import { UpdateUserInputSchema, type ConsoleUser, type UpdateUserInput } from '../../../shared/contracts/users';
import { isUuid } from '../../../shared/uuid';
import type { Db } from '../../db/pool';
import { withTransaction } from '../../db/transaction';
import { announceIdentityChange } from '../identity-cache';
import { serverIdentities } from '../resolve-identity';
import { toConsoleUser, USER_COLUMNS, type UserRow } from './user-row';

/**
 * Changes a user's name, level or disabled flag. Refuses (`conflict`) to leave Ferry without an enabled
 * Level-1 admin: the active admins are locked while the change is checked, so two concurrent demotions
 * cannot both pass. Throws `not_found` for an unknown id.
 */
export async function updateUser(db: Db, id: string, input: UpdateUserInput): Promise<ConsoleUser> {
  if (!isUuid(id)) throw new AppError('not_found', 'No such user.');
  const parsed = UpdateUserInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('bad_request', 'Invalid change.', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const change = parsed.data;
  const updated = await withTransaction(db, async (client) => {
    const admins = await client.query<{ id: string }>(`SELECT id FROM ferry.console_users WHERE level = 1 AND NOT disabled ORDER BY id FOR UPDATE`);
    const current = await client.query<UserRow>(`SELECT ${USER_COLUMNS} FROM ferry.console_users WHERE id = $1 FOR UPDATE`, [id]);
    const user = current.rows[0];
    if (!user) throw new AppError('not_found', 'No such user.');
    const isActiveAdmin = admins.rows.some((a) => a.id === id);
    const staysActiveAdmin = (change.level ?? Number(user.level)) === 1 && !(change.disabled ?? user.disabled);
    if (isActiveAdmin && !staysActiveAdmin && admins.rows.length === 1) {
      throw new AppError('conflict', 'This is the last enabled Level-1 admin: create or promote another one first.');
    }
    const { rows } = await client.query<UserRow>(
      `UPDATE ferry.console_users
          SET name = COALESCE($2, name), level = COALESCE($3, level), disabled = COALESCE($4, disabled), updated_at = now()
        WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, change.name ?? null, change.level ?? null, change.disabled ?? null],
    );
    await announceIdentityChange(client, 'console_users');
    return toConsoleUser(rows[0] as UserRow);
  });
  serverIdentities().forget(); // this process at once; other servers when the notice arrives
  return updated;
}
