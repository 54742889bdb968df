'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/plan', label: 'Plan' },
  { href: '/runs', label: 'Runs' },
  { href: '/snapshots', label: 'Snapshots' },
  { href: '/validation', label: 'Validation' },
  { href: '/schema', label: 'Schema' },
  { href: '/logs', label: 'Logs' },
  { href: '/health', label: 'Health' },
  { href: '/status', label: 'Status' },
  { href: '/settings', label: 'Settings' },
] as const;

/** Viewers (level 3) see only the status page and their token settings. */
const VIEWER_PAGES = new Set(['/status', '/settings']);
/** Pages only a Level-1 admin may open. */
const ADMIN_PAGES = new Set(['/snapshots']);

export function NavLinks({ level }: { level: 1 | 2 | 3 }) {
  const pathname = usePathname();
  const items = level === 3 ? NAV.filter((item) => VIEWER_PAGES.has(item.href)) : NAV.filter((item) => level === 1 || !ADMIN_PAGES.has(item.href));
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
