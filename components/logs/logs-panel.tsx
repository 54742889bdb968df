'use client';

import { useState } from 'react';
import { EMPTY_LOG_FILTERS, EXPORT_LIMIT, fetchLogsForExport, logsPath, useLogs, type LogFilters } from '@/lib/client/logs';
import type { AuditEvent, RunEvent } from '@/lib/shared/contracts/migration';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { LogFiltersForm } from './log-filters';

const LEVEL_TONE = { info: 'neutral', warn: 'warn', error: 'bad' } as const;
const OUTCOME_TONE = { success: 'good', failure: 'bad', denied: 'warn' } as const;

function Row({ entry }: { entry: RunEvent | AuditEvent }) {
  const isAudit = entry.kind === 'audit';
  return (
    <tr data-kind={entry.kind}>
      <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{entry.at.replace('T', ' ').slice(0, 23)}</td>
      <td className="px-3 py-2 text-xs">{isAudit ? 'audit' : 'run'}</td>
      <td className="px-3 py-2"><Badge tone={LEVEL_TONE[entry.level]}>{entry.level}</Badge></td>
      <td className="px-3 py-2 text-xs">{isAudit ? (entry.actor ?? '—') : '—'}</td>
      <td className="px-3 py-2 font-mono text-xs">{isAudit ? entry.action : (entry.collection ?? '—')}</td>
      <td className="px-3 py-2">{isAudit ? <Badge tone={OUTCOME_TONE[entry.outcome as keyof typeof OUTCOME_TONE] ?? 'neutral'}>{entry.outcome}{entry.status ? ` · ${entry.status}` : ''}</Badge> : '—'}</td>
      <td className="px-3 py-2 text-sm">{entry.message}</td>
    </tr>
  );
}

/** Saves a JSON file in the browser (an export of what the filters select). */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The Logs page: run events and the audit trail together, newest first, filtered by actor, action,
 * outcome, level, collection and time; paged with the API's `before` cursor; exported as CSV (the API's
 * own download) or JSON.
 */
export function LogsPanel() {
  const [filters, setFilters] = useState<LogFilters>(EMPTY_LOG_FILTERS);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [exportError, setExportError] = useState<unknown>(null);
  const before = cursors.at(-1) ?? null;
  const logs = useLogs(filters, before);
  const apply = (next: LogFilters) => {
    setFilters(next);
    setCursors([null]);
  };
  const exportJson = async () => {
    setExportError(null);
    try {
      download(`ferry-logs-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, JSON.stringify(await fetchLogsForExport(filters), null, 2));
    } catch (error) {
      setExportError(error);
    }
  };
  const entries = logs.data?.entries ?? [];
  return (
    <div className="space-y-4">
      <Card title="Filters">
        <LogFiltersForm value={filters} onApply={apply} />
      </Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="logs-range">
          {logs.isPending ? 'Reading…' : `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, page ${cursors.length}`}
        </p>
        <div className="flex gap-2">
          <a href={logsPath(filters, { limit: EXPORT_LIMIT, format: 'csv' })} download className="inline-flex items-center rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50" data-testid="export-csv">Export CSV</a>
          <Button variant="secondary" onClick={() => void exportJson()} data-testid="export-json">Export JSON</Button>
        </div>
      </div>
      <ErrorText error={logs.error ?? exportError} testId="logs-error" />
      {entries.length === 0 && !logs.isPending ? (
        <p className="rounded-lg bg-white px-4 py-8 text-center text-sm text-slate-500 ring-1 ring-slate-200" data-testid="logs-empty">No entry matches these filters.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-left text-sm" data-testid="audit-table" aria-label="Logs">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="px-3 py-2">Time (UTC)</th><th className="px-3 py-2">Source</th><th className="px-3 py-2">Level</th><th className="px-3 py-2">Who</th><th className="px-3 py-2">Action / collection</th><th className="px-3 py-2">Outcome</th><th className="px-3 py-2">Message</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{entries.map((e) => <Row key={`${e.kind}-${e.id}`} entry={e} />)}</tbody>
          </table>
        </div>
      )}
      <div className="flex gap-2">
        <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>Newer</Button>
        <Button variant="secondary" disabled={!logs.data?.nextBefore || logs.isPlaceholderData} onClick={() => setCursors([...cursors, logs.data?.nextBefore ?? null])}>Older</Button>
      </div>
    </div>
  );
}
