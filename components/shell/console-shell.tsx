import type { ReactNode } from 'react';
import { LEVELS } from '@/lib/shared/levels';
import { RollbackButton } from '../rollback/rollback-button';
import { NavLinks } from './nav-links';
import { SignOutButton } from './sign-out-button';

export type ShellUser = { email: string | null; name: string; level: 1 | 2 | 3 };

/** The signed-in frame: navigation on the left, who is signed in and sign-out at its foot. */
export function ConsoleShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white px-3 py-5">
        <div className="mb-6 px-3">
          <p className="text-lg font-semibold text-slate-900">Ferry</p>
          <p className="text-xs text-slate-500">NeDB → NileDB migration console</p>
        </div>
        <NavLinks level={user.level} />
        {user.level === 1 && <div className="mt-4 px-3"><RollbackButton /></div>}
        <div className="mt-auto space-y-3 border-t border-slate-100 px-3 pt-4" data-testid="signed-in-user">
          <div>
            <p className="truncate text-sm font-medium text-slate-900">{user.name}</p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
            <p className="text-xs text-slate-500">Level {user.level} · {LEVELS[user.level].name}</p>
          </div>
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
