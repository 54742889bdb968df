import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const dynamic = 'force-dynamic';

/** Every signed-in page. Operator pages add their own level check in `(operators)/layout.tsx`. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser(3);
  return <ConsoleShell user={user}>{children}</ConsoleShell>;
}
