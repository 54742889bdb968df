'use client';

import { useState } from 'react';
import { QUARANTINE_PAGE_SIZE, useQuarantine, type QuarantinedDocument } from '@/lib/client/migration';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';
import { Field, Select } from '../ui/field';
import { formatCount } from './format';

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function QuarantineRow({ item }: { item: QuarantinedDocument }) {
  return (
    <tr data-testid="quarantine-row" data-legacy-id={item.legacyId ?? ''} className="align-top">
      <td className="py-2 pr-4 font-medium">{item.collection}</td>
      <td className="whitespace-nowrap py-2 pr-4 font-mono text-xs" title={item.file}>{fileName(item.file)}:{item.line}</td>
      <td className="py-2 pr-4 font-mono text-xs">{item.legacyId ?? '—'}</td>
      <td className="py-2 pr-4 font-mono text-xs">{item.tenantKey ?? <span className="text-slate-400">none</span>}</td>
      <td className="py-2 pr-4 text-xs text-slate-700">
        <p>{item.reason}</p>
        <details className="mt-1">
          <summary className="cursor-pointer text-brand-700">Document</summary>
          <pre className="mt-1 max-h-64 max-w-xl overflow-auto rounded bg-slate-50 px-3 py-2 font-mono text-[11px] text-slate-700 ring-1 ring-slate-200">
            {JSON.stringify(item.document, null, 2)}
          </pre>
        </details>
      </td>
    </tr>
  );
}

/**
 * The documents a run kept aside instead of migrating: collection, file and line, legacy id, tenant key
 * and reason, each with its (secret-masked) document. Pages forward with the API's keyset cursor and
 * back with the cursors already seen; filters by collection. `counts` (from the progress) keeps it current.
 */
export function QuarantineList({ runId, isLive, counts }: { runId: string; isLive: boolean; counts: { name: string; quarantined: number }[] }) {
  const [collection, setCollection] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const expected = counts.reduce((sum, c) => (collection === null || c.name === collection ? sum + c.quarantined : sum), 0);
  const page = useQuarantine(runId, { after, collection, pageSize: QUARANTINE_PAGE_SIZE }, expected);
  const collections = counts.filter((c) => c.quarantined > 0).map((c) => c.name);
  const data = page.data;
  const first = (cursors.length - 1) * QUARANTINE_PAGE_SIZE + 1;

  return (
    <div className="space-y-3" data-testid="quarantine">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="quarantine-total">
          {data ? `${formatCount(data.total)} document${data.total === 1 ? '' : 's'} quarantined${collection ? ` in ${collection}` : ''}.` : 'Reading the quarantine…'}
        </p>
        {collections.length > 1 && (
          <div className="w-56">
            <Field label="Collection">
              <Select value={collection ?? ''} onChange={(e) => { setCollection(e.target.value || null); setCursors([null]); }}>
                <option value="">All collections</option>
                {collections.map((c) => <option key={c} value={c}>{c}</option>)}
              </Select>
            </Field>
          </div>
        )}
      </div>
      <ErrorText error={page.error} testId="quarantine-error" />
      {data && data.items.length === 0 && (
        <p className="text-sm text-slate-500" data-testid="quarantine-empty">
          Nothing quarantined{isLive ? ' so far' : ''}. Documents without a tenant, or that the target refuses, are kept here with their reason, file and line — never dropped.
        </p>
      )}
      {data && data.items.length > 0 && (
        <>
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" aria-label="Quarantined documents" data-testid="quarantine-list">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2 pr-4 font-medium">Collection</th><th className="py-2 pr-4 font-medium">File:line</th><th className="py-2 pr-4 font-medium">Legacy id</th><th className="py-2 pr-4 font-medium">Tenant key</th><th className="py-2 pr-4 font-medium">Reason</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.items.map((item) => <QuarantineRow key={`${item.collection}/${item.line}`} item={item} />)}
              </tbody>
            </table>
          </div>
          <nav aria-label="Quarantine pages" className="flex items-center justify-between gap-2 text-sm">
            <span className="text-slate-500" data-testid="quarantine-range">
              {formatCount(first)}–{formatCount(first + data.items.length - 1)} of {formatCount(data.total)}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" disabled={cursors.length === 1 || page.isPlaceholderData} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
              <Button variant="secondary" disabled={!data.next || page.isPlaceholderData} onClick={() => setCursors((c) => [...c, data.next])}>Next</Button>
            </span>
          </nav>
        </>
      )}
    </div>
  );
}
