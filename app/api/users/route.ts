import { CreateUserInputSchema } from '@/lib/shared/contracts/users';
import { createUser } from '@/lib/server/auth/users/create-user';
import { listUsers } from '@/lib/server/auth/users/list-users';
import { json } from '@/lib/server/http/responses';
import { withAuth } from '@/lib/server/http/with-auth';

// GET /api/users — every console user (Level 1)
export const GET = withAuth(async ({ db }) => ({ users: await listUsers(db) }), { level: 1 });

// POST /api/users — create a console user (Level 1)
export const POST = withAuth(async ({ db, body, audit }) => {
  const user = await createUser(db, await body(CreateUserInputSchema));
  audit(`user:${user.id}`);
  return json(user, 201);
}, { level: 1, action: 'user.create' });
