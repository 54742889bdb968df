'use client';

import { useState } from 'react';
import { useSetMode } from '@/lib/client/adapter';
import { ApiError } from '@/lib/client/api-client';
import { ADAPTER_MODES, type AdapterMode, type AdapterStats } from '@/lib/shared/contracts/adapter';
import { Button } from '../ui/button';
import { ErrorText } from '../ui/error-text';

const LABELS: Record<AdapterMode, { title: string; text: string }> = {
  legacy: { title: 'Legacy', text: 'Reads come from the NeDB files only.' },
  hybrid: { title: 'Hybrid', text: 'Reads try NileDB first and fall back to legacy; a sample is compared with the other store.' },
  new: { title: 'New', text: 'Reads come from NileDB only. Needs a clean validation and a low mismatch rate.' },
};

function reasonsOf(error: unknown): string[] {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return [];
  const reasons = (error.details as { reasons?: unknown }).reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

/** Level 1's control of where reads go: pick a mode and apply it; a refused promotion lists why. */
export function ModeControl({ stats }: { stats: AdapterStats }) {
  const setMode = useSetMode();
  const [choice, setChoice] = useState<AdapterMode>(stats.mode);
  const reasons = reasonsOf(setMode.error);
  return (
    <fieldset className="space-y-3" data-testid="mode-control">
      <legend className="text-sm font-medium text-slate-700">Where reads go</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {ADAPTER_MODES.map((mode) => (
          <label key={mode} className={`cursor-pointer rounded-md p-3 text-sm ring-1 ${choice === mode ? 'bg-brand-50 ring-brand-600' : 'ring-slate-200 hover:bg-slate-50'}`}>
            <input type="radio" name="adapter-mode" value={mode} checked={choice === mode} onChange={() => setChoice(mode)} className="mr-2" data-testid={`mode-option-${mode}`} />
            <span className="font-medium">{LABELS[mode].title}</span>
            {stats.mode === mode && <span className="ml-2 text-xs text-slate-500">(current)</span>}
            <span className="mt-1 block text-xs text-slate-500">{LABELS[mode].text}</span>
          </label>
        ))}
      </div>
      {choice === 'new' && stats.mode !== 'new' && !stats.promotion.allowed && (
        <p className="text-xs text-amber-800" data-testid="promotion-warning">The gate will refuse this now: {stats.promotion.reasons.join(' ')}</p>
      )}
      <div className="flex items-center gap-3">
        <Button onClick={() => setMode.mutate({ mode: choice })} disabled={setMode.isPending || choice === stats.mode} data-testid="mode-apply">
          {choice === 'new' ? 'Promote to new' : `Switch to ${choice}`}
        </Button>
        {setMode.isSuccess && !setMode.isPending && <span className="text-sm text-emerald-700" role="status" data-testid="mode-switched">Reads now go to: {setMode.data.mode}.</span>}
      </div>
      <ErrorText error={setMode.error} testId="mode-error" />
      {reasons.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm text-red-700" data-testid="mode-reasons">
          {reasons.map((r) => <li key={r}>{r}</li>)}
        </ul>
      )}
    </fieldset>
  );
}
