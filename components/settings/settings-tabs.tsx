import Link from 'next/link';

export function SettingsTabs({ current, canManageUsers }: { current: 'tokens' | 'users'; canManageUsers: boolean }) {
  const tabs = [{ id: 'tokens', href: '/settings/tokens', label: 'API tokens' }, ...(canManageUsers ? [{ id: 'users', href: '/settings/users', label: 'Users' }] : [])];
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-2 border-b border-slate-200">
      {tabs.map((t) => (
        <Link key={t.id} href={t.href} aria-current={t.id === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${t.id === current ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
