import { UpdateUserInputSchema } from '@/lib/shared/contracts/users';
import { updateUser } from '@/lib/server/auth/users/update-user';
import { withAuth } from '@/lib/server/http/with-auth';

// PATCH /api/users/<id> — change a user's name, level or disabled flag (Level 1)
export const PATCH = withAuth<{ id: string }>(async ({ db, params, body, audit }) => {
  audit(`user:${params.id}`);
  return updateUser(db, params.id, await body(UpdateUserInputSchema));
}, { level: 1, action: 'user.update' });
