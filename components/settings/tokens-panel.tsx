'use client';

import { useState, type FormEvent } from 'react';
import { useCreateToken, useRevokeToken, useTokens } from '@/lib/client/tokens';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { Field, Input } from '../ui/field';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');

export function TokensPanel() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');

  function onCreate(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: () => setName('') });
  }

  return (
    <div className="space-y-6">
      <Card title="Create a token" description="For scripts: send it as Authorization: Bearer <token>. It acts with your level, never higher.">
        <form onSubmit={onCreate} className="flex items-end gap-3" aria-label="Create token">
          <div className="flex-1">
            <Field label="Name"><Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. nightly-status-check" required maxLength={100} /></Field>
          </div>
          <Button type="submit" disabled={create.isPending}>Create token</Button>
        </form>
        <div className="mt-3"><ErrorText error={create.error} /></div>
        {create.data && (
          <div className="mt-4 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="new-token">
            <p className="text-sm font-medium text-amber-900">Copy this token now: it is shown only once.</p>
            <code className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm" data-testid="new-token-value">{create.data.token}</code>
            <Button variant="secondary" className="mt-2" onClick={() => void navigator.clipboard?.writeText(create.data.token)}>Copy</Button>
          </div>
        )}
      </Card>
      <Card title="Your tokens">
        <ErrorText error={tokens.error} />
        {tokens.data && tokens.data.tokens.length === 0 && <p className="text-sm text-slate-500">You have no API tokens.</p>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <table className="min-w-full text-left text-sm" data-testid="tokens-table">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2">Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th>State</th><th /></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.data.tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 font-medium">{t.name}</td>
                  <td className="font-mono text-xs">{t.prefix}…</td>
                  <td className="text-xs">{when(t.createdAt)}</td>
                  <td className="text-xs">{when(t.lastUsedAt)}</td>
                  <td>{t.revokedAt ? <Badge tone="neutral">revoked</Badge> : <Badge tone="good">active</Badge>}</td>
                  <td className="text-right">
                    {!t.revokedAt && (
                      <Button variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>Revoke</Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="mt-3"><ErrorText error={revoke.error} /></div>
      </Card>
    </div>
  );
}
