import type { ReactNode } from 'react';
import { requireSessionUser } from '@/lib/server/auth/session-user';

/** Operator pages: levels 1–2. Viewers (level 3) are sent to the status page. */
export default async function OperatorsLayout({ children }: { children: ReactNode }) {
  await requireSessionUser(2);
  return children;
}
