'use client';

import { useUpdateUser, useUsers } from '@/lib/client/users';
import { LEVELS } from '@/lib/shared/levels';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { Select } from '../ui/field';

export function UsersTable({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const update = useUpdateUser();
  return (
    <>
      <ErrorText error={users.error ?? update.error} testId="users-error" />
      {users.data && (
        <table className="min-w-full text-left text-sm" data-testid="users-table">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-2">User</th><th>Level</th><th>State</th><th>Last sign-in</th><th /></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.data.users.map((u) => (
              <tr key={u.id}>
                <td className="py-2"><p className="font-medium">{u.name}{u.id === currentUserId && ' (you)'}</p><p className="text-xs text-slate-500">{u.email}</p></td>
                <td>
                  <Select aria-label={`Level of ${u.email}`} value={u.level} disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, change: { level: Number(e.target.value) as 1 | 2 | 3 } })} className="w-44">
                    {([1, 2, 3] as const).map((l) => <option key={l} value={l}>{l} · {LEVELS[l].name}</option>)}
                  </Select>
                </td>
                <td>{u.disabled ? <Badge tone="neutral">disabled</Badge> : <Badge tone="good">active</Badge>}</td>
                <td className="text-xs">{u.lastLoginAt ? u.lastLoginAt.replace('T', ' ').slice(0, 16) : 'never'}</td>
                <td className="text-right">
                  <Button variant="ghost" disabled={update.isPending} onClick={() => update.mutate({ id: u.id, change: { disabled: !u.disabled } })}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
