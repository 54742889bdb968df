'use client';

import { useState, type FormEvent } from 'react';
import { useCreateStatusLink, useRevokeStatusLink, useStatusLinks } from '@/lib/client/status-links';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { Field, Input } from '../ui/field';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

/**
 * Level 1's share links of this page: anyone with a link sees the stakeholder status without signing
 * in (phase, percent, validation verdict, mode — no names, ids or hosts); a revoked link stops at once.
 */
export function ShareLinks() {
  const links = useStatusLinks();
  const create = useCreateStatusLink();
  const revoke = useRevokeStatusLink();
  const [label, setLabel] = useState('Stakeholders');
  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ label });
  };
  return (
    <Card title="Share this status" description="A link that shows the status without signing in. Only its hash is stored: copy it now, it is shown once.">
      <form onSubmit={onCreate} className="flex flex-wrap items-end gap-3" aria-label="Create share link">
        <div className="min-w-48 flex-1"><Field label="Label"><Input value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={100} /></Field></div>
        <Button type="submit" disabled={create.isPending}>Create share link</Button>
      </form>
      <div className="mt-3"><ErrorText error={create.error ?? revoke.error ?? links.error} /></div>
      {create.data && (
        <div className="mt-3 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="new-share-link">
          <p className="text-sm text-amber-900">Copy this link now: it is shown only once.</p>
          <code className="mt-1 block break-all font-mono text-sm" data-testid="new-share-link-url">{create.data.url}</code>
        </div>
      )}
      {links.data && links.data.links.length > 0 && (
        <table className="mt-4 min-w-full text-left text-sm" data-testid="share-links-table" aria-label="Share links">
          <thead className="text-xs uppercase text-slate-500"><tr><th className="py-1">Label</th><th>Created</th><th>Last opened</th><th>State</th><th /></tr></thead>
          <tbody className="divide-y divide-slate-100">
            {links.data.links.map((l) => (
              <tr key={l.id} data-link-id={l.id}>
                <td className="py-2 font-medium">{l.label}</td>
                <td className="text-xs">{when(l.createdAt)} by {l.createdBy}</td>
                <td className="text-xs">{when(l.lastUsedAt)}</td>
                <td>{l.revokedAt ? <Badge>revoked</Badge> : <Badge tone="good">active</Badge>}</td>
                <td className="text-right">{!l.revokedAt && <Button variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(l.id)} aria-label={`Revoke ${l.label}`}>Revoke</Button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
