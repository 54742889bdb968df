import type { AlertView, HealthHistory } from '@/lib/shared/contracts/health';
import { Badge } from '../ui/badge';

const TONE = { critical: 'bad', high: 'bad', medium: 'warn', low: 'info' } as const;
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 19) : '—');
const DELIVERY: Record<AlertView['delivery'], string> = { none: 'no webhook', pending: 'sending…', delivered: 'webhook delivered', failed: 'webhook failed' };

function AlertRow({ alert }: { alert: AlertView }) {
  return (
    <li className="py-2 text-sm" data-testid={`alert-${alert.rule}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[alert.severity]}>{alert.severity}</Badge>
        <span className="font-mono text-xs font-medium">{alert.rule}</span>
        <span className="text-xs text-slate-500">
          fired {when(alert.firedAt)} UTC{alert.resolvedAt ? ` · resolved ${when(alert.resolvedAt)}` : ''} · {alert.notifications} notice(s) · {DELIVERY[alert.delivery]}
        </span>
      </div>
      <p className="mt-1 text-slate-700">{alert.message}</p>
    </li>
  );
}

/** Active alerts first (they need someone now), then the last resolved ones, and the rules in force. */
export function AlertsList({ history }: { history: HealthHistory & { rulesError: string | null } }) {
  const { active, past } = history.alerts;
  return (
    <div className="space-y-4">
      <section aria-labelledby="alerts-active">
        <h3 id="alerts-active" className="text-sm font-semibold text-slate-900">Active ({active.length})</h3>
        {active.length === 0 ? <p className="text-sm text-slate-500" data-testid="alerts-none">No alert is firing.</p> : (
          <ul className="divide-y divide-slate-100" data-testid="alerts-active">{active.map((a) => <AlertRow key={a.id} alert={a} />)}</ul>
        )}
      </section>
      <section aria-labelledby="alerts-past">
        <h3 id="alerts-past" className="text-sm font-semibold text-slate-900">Resolved</h3>
        {past.length === 0 ? <p className="text-sm text-slate-500">None yet.</p> : (
          <ul className="divide-y divide-slate-100" data-testid="alerts-past">{past.map((a) => <AlertRow key={a.id} alert={a} />)}</ul>
        )}
      </section>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">Rules ({history.rules.length})</summary>
        {history.rulesError && <p className="mt-2 text-red-700" data-testid="rules-error">{history.rulesError}</p>}
        <ul className="mt-2 space-y-1" data-testid="alert-rules">
          {history.rules.map((r) => (
            <li key={r.name} className="font-mono text-xs">{r.name} · {r.severity} · once per {Math.round(r.cooldownMs / 60000)} min · {r.source}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
