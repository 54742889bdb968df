import type { Metadata } from 'next';
import { CreateUserForm } from '@/components/settings/create-user-form';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { UsersTable } from '@/components/settings/users-table';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requireSessionUser(2, '/settings/users');
  if (user.level !== 1) {
    return (
      <>
        <PageHeader title="Settings" />
        <EmptyState title="Only Level-1 admins manage users">Ask a system admin to change levels or create accounts.</EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsTabs current="users" canManageUsers />
      <div className="space-y-6">
        <Card title="Users" description="Levels: 1 system admin · 2 operator · 3 viewer. Ferry always keeps at least one enabled Level-1 admin.">
          <UsersTable currentUserId={user.id} />
        </Card>
        <Card title="Create a user"><CreateUserForm /></Card>
      </div>
    </>
  );
}
