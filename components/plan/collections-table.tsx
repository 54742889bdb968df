'use client';

import { Fragment, useState } from 'react';
import type { CollectionPlan } from '@/lib/shared/contracts/plan';
import { Badge } from '../ui/badge';
import { formatCount, formatEta } from '../runs/format';
import { CollectionDetails } from './collection-details';

const TH = 'px-3 py-2 font-medium';
const NUM = 'px-3 py-2 text-right tabular-nums';

function Count({ n, tone }: { n: number; tone?: 'warn' | 'bad' }) {
  const color = n === 0 ? 'text-slate-400' : tone === 'bad' ? 'font-medium text-red-700' : tone === 'warn' ? 'font-medium text-amber-700' : '';
  return <span className={color}>{formatCount(n)}</span>;
}

const KIND_LABEL: Record<CollectionPlan['targetKind'], string> = { admin_documents: 'shared', app_documents: 'per tenant', typed: 'typed' };

/**
 * Every collection on one line a person can scan: category, destination, the record accounting and
 * the estimate. A row expands (button with `aria-expanded`) into its field profile and problem lines.
 */
export function CollectionsTable({ collections }: { collections: CollectionPlan[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) => setOpen((current) => {
    const next = new Set(current);
    if (!next.delete(name)) next.add(name);
    return next;
  });
  if (collections.length === 0) return <p className="text-sm text-slate-500">No collection to migrate.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm" aria-label="Collections" data-testid="plan-collections">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th className={TH}>Collection</th><th className={TH}>Category</th><th className={TH}>Target</th>
            <th className={`${TH} text-right`}>Live</th><th className={`${TH} text-right`}>Superseded</th><th className={`${TH} text-right`}>Deleted</th>
            <th className={`${TH} text-right`}>Corrupt</th><th className={`${TH} text-right`}>No tenant</th><th className={`${TH} text-right`}>Tenants</th><th className={`${TH} text-right`}>Est. time</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {collections.map((c) => {
            const isOpen = open.has(c.name);
            const detailsId = `plan-details-row-${c.name}`;
            return (
              <Fragment key={c.name}>
                <tr data-testid={`plan-collection-${c.name}`} className={isOpen ? 'bg-slate-50' : undefined}>
                  <td className="px-3 py-2">
                    <button
                      type="button"
                      aria-expanded={isOpen}
                      aria-controls={isOpen ? detailsId : undefined}
                      onClick={() => toggle(c.name)}
                      className="flex items-center gap-1 whitespace-nowrap text-left font-medium text-slate-900 hover:text-brand-700"
                    >
                      <span aria-hidden="true" className={`inline-block w-3 text-slate-400 transition-transform ${isOpen ? 'rotate-90' : ''}`}>›</span>
                      {c.name}
                    </button>
                  </td>
                  <td className="px-3 py-2"><Badge tone={c.category === 'admin' ? 'info' : 'neutral'}>{c.category}</Badge></td>
                  <td className="whitespace-nowrap px-3 py-2"><span className="font-mono text-xs">{c.target}</span> <span className="text-xs text-slate-500">({KIND_LABEL[c.targetKind]})</span></td>
                  <td className={NUM} data-testid="live">{formatCount(c.live)}</td>
                  <td className={NUM} data-testid="superseded"><Count n={c.superseded} /></td>
                  <td className={NUM} data-testid="deleted"><Count n={c.deleted} /></td>
                  <td className={NUM} data-testid="corrupt"><Count n={c.corrupt.count} tone="bad" /></td>
                  <td className={NUM} data-testid="without-tenant"><Count n={c.withoutTenant} tone="warn" /></td>
                  <td className={NUM} data-testid="tenants">{c.tenantField ? formatCount(c.tenants) : <span className="text-slate-400">shared</span>}</td>
                  <td className={NUM}>{formatEta(c.estimatedSeconds)}</td>
                </tr>
                {isOpen && (
                  <tr id={detailsId}>
                    <td colSpan={10} className="p-0"><CollectionDetails collection={c} /></td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
