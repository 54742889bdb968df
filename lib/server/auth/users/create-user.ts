import { AppError } from '../../../shared/errors';
import { CreateUserInputSchema, type ConsoleUser, type CreateUserInput } from '../../../shared/contracts/users';
import type { Db } from '../../db/pool';
import { hashPassword } from '../password';
import { toConsoleUser, USER_COLUMNS, type UserRow } from './user-row';

/**
 * Creates a console user with a bcrypt-hashed password. Throws `bad_request` for invalid input and
 * `conflict` when the email is taken (emails are compared lower-cased).
 */
export async function createUser(db: Db, input: CreateUserInput): Promise<ConsoleUser> {
  const parsed = CreateUserInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('bad_request', 'Invalid user.', { details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const { email, name, level, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  try {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO ferry.console_users (email, name, password_hash, level) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
      [email, name, passwordHash, level],
    );
    return toConsoleUser(rows[0] as UserRow);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('conflict', `A user with the email ${email} already exists.`);
    throw error;
  }
}
