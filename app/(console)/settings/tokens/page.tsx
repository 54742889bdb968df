import type { Metadata } from 'next';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { TokensPanel } from '@/components/settings/tokens-panel';
import { PageHeader } from '@/components/ui/page-header';
import { requireSessionUser } from '@/lib/server/auth/session-user';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const user = await requireSessionUser(3, '/settings/tokens');
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsTabs current="tokens" canManageUsers={user.level === 1} />
      <TokensPanel />
    </>
  );
}
