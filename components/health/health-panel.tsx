'use client';

import { useDetailedHealth, useHealthHistory } from '@/lib/client/health';
import type { DetailedHealth } from '@/lib/shared/contracts/health';
import { formatCount } from '../runs/format';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { AlertsList } from './alerts-list';
import { HealthCharts } from './health-charts';
import { WorkersAndLocks } from './workers-locks';

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const when = (iso: string | null | undefined) => (iso ? `${iso.replace('T', ' ').slice(0, 19)} UTC` : '—');

function checks(h: DetailedHealth): { name: string; ok: boolean; detail: string }[] {
  const late = h.workers.filter((w) => w.state === 'late').length;
  return [
    { name: 'Target database', ok: h.database.up, detail: h.database.up ? `${h.database.kind}, PostgreSQL ${h.database.serverVersion}, answered in ${h.database.latencyMs} ms` : (h.database.error ?? 'down') },
    { name: 'Connection pool (this server)', ok: h.pool.waiting === 0, detail: `${h.pool.total} of ${h.pool.max} open, ${h.pool.idle} idle, ${h.pool.waiting} waiting${h.connections ? ` · ${formatCount(h.connections.total)} connections to this database` : ''}` },
    { name: 'Workers', ok: late === 0, detail: `${h.workers.filter((w) => w.state === 'alive').length} alive, ${late} late` },
    { name: 'Legacy directory', ok: h.legacy.readable, detail: `${h.legacy.dir}: ${h.legacy.detail}` },
    { name: 'Disk of DATA_DIR', ok: h.disk !== null && h.disk.freeRatio >= 0.05, detail: h.disk ? `${gb(h.disk.freeBytes)} free of ${gb(h.disk.totalBytes)} (${Math.round(h.disk.freeRatio * 100)} %)` : 'not measurable' },
  ];
}

function LastActivity({ h }: { h: DetailedHealth }) {
  const rows = [
    ['Last run', h.lastRun ? `${h.lastRun.state} · ${formatCount(h.lastRun.processed)} of ${formatCount(h.lastRun.total)} records${h.lastRun.rowsPerSecond ? ` · ${formatCount(h.lastRun.rowsPerSecond)} rows/s` : ''} · ${when(h.lastRun.finishedAt ?? h.lastRun.createdAt)}` : 'none'],
    ['Last snapshot', h.lastSnapshot ? `${h.lastSnapshot.state} · ${when(h.lastSnapshot.finishedAt ?? h.lastSnapshot.createdAt)}` : 'none'],
    ['Last validation', h.lastValidation ? `${h.lastValidation.state} · ${h.lastValidation.critical} critical, ${h.lastValidation.warnings} warnings · ${when(h.lastValidation.at)}` : 'none'],
    ['Last rollback', h.lastRollback ? `${h.lastRollback.state} (${h.lastRollback.scope}) · ${when(h.lastRollback.finishedAt ?? h.lastRollback.startedAt)}` : 'none'],
    ['Query adapter', `${h.adapter.mode} · ${formatCount(h.adapter.shadowCompared)} shadow comparisons, ${(h.adapter.shadowMismatchRate * 100).toFixed(2)} % mismatched`],
    ['Monitor', `every ${h.monitor.intervalSeconds} s · ${h.monitor.rules} rules · webhook ${h.monitor.webhook ? 'configured' : 'not configured'}`],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="health-activity">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The Health page's live part: checks, the monitor's charts, alerts, workers and locks, last activity. */
export function HealthPanel() {
  const health = useDetailedHealth();
  const history = useHealthHistory();
  const h = health.data;
  return (
    <div className="space-y-6">
      <ErrorText error={health.error ?? history.error} testId="health-error" />
      {h && (
        <Card title="Checks" description={`Read ${when(h.checkedAt)}; re-read every 15 s. The same as GET /api/health/detailed and npm run db:health -- --detailed.`}>
          <ul className="divide-y divide-slate-100" data-testid="health-checks">
            {checks(h).map((c) => (
              <li key={c.name} className="flex items-start justify-between gap-4 py-2 text-sm">
                <div><p className="font-medium text-slate-900">{c.name}</p><p className="break-all text-xs text-slate-500">{c.detail}</p></div>
                <Badge tone={c.ok ? 'good' : 'bad'}>{c.ok ? 'ok' : 'failing'}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {history.data && (
        <Card title="Alerts" description="Fired by the monitor's rules; each notifies at most once per its cooldown (to ALERT_WEBHOOK_URL when set).">
          <AlertsList history={history.data} />
        </Card>
      )}
      {history.data && (
        <Card title="History" description={`The monitor's last ${history.data.samples.length} samples (one every ${history.data.intervalSeconds} s).`}>
          <HealthCharts samples={history.data.samples} />
        </Card>
      )}
      {h && <Card title="Workers and locks"><WorkersAndLocks health={h} /></Card>}
      {h && <Card title="Last activity"><LastActivity h={h} /></Card>}
    </div>
  );
}
