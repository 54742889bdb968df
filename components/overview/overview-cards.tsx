import type { Overview } from '@/lib/server/overview/get-overview';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right font-medium text-slate-900">{children}</dd>
    </div>
  );
}

const KIND_LABEL = { embedded: 'Embedded PostgreSQL', external: 'External PostgreSQL', nile: 'NileDB' } as const;

export function DatabaseCard({ database }: { database: Overview['database'] }) {
  return (
    <Card title="Target database" description="Where migrated data goes.">
      <dl className="divide-y divide-slate-100" data-testid="overview-database">
        <Row label="Kind">{KIND_LABEL[database.kind]}</Row>
        <Row label="Location"><span className="break-all font-mono text-xs">{database.location}</span></Row>
        <Row label="Version">{database.serverVersion ?? '—'}</Row>
        <Row label="Tenants">{database.tenantCount ?? '—'}</Row>
        <Row label="Tenant isolation">
          {database.isIsolationEnforced === null ? '—' : database.isIsolationEnforced ? <Badge tone="good">enforced for Ferry’s role</Badge> : <Badge tone="bad">bypassed: role is superuser or BYPASSRLS</Badge>}
        </Row>
      </dl>
      {database.error && <p className="mt-3 text-sm text-red-700">{database.error}</p>}
    </Card>
  );
}

export function LegacyCard({ legacy }: { legacy: Overview['legacy'] }) {
  return (
    <Card title="Legacy source" description={legacy.isDemo ? 'The demo PenguinMails store (set LEGACY_DIR to use your own).' : 'From LEGACY_DIR.'}>
      <dl className="divide-y divide-slate-100" data-testid="overview-legacy">
        <Row label="Directory"><span className="break-all font-mono text-xs">{legacy.dir}</span></Row>
        <Row label="Collection files">{legacy.exists ? legacy.collectionFiles : '—'}</Row>
        <Row label="Size">{legacy.exists ? `${(legacy.bytes / 1024 / 1024).toFixed(2)} MB` : '—'}</Row>
      </dl>
      {legacy.error && <p className="mt-3 text-sm text-amber-800">{legacy.error}</p>}
    </Card>
  );
}
