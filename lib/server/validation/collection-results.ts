import type { Db } from '../db/pool';
import type { CollectionTarget } from '../mapping/resolve-targets';
import type { SampleDetail, ValidationResult } from '../../shared/contracts/validation';
import type { CellSums } from './cell-sums';
import type { CollectionSource } from './collection-source';
import type { CollectionDiff, DiffKind, DiffSample } from './drill-down';
import type { LegacyPass } from './legacy-pass';
import { classifyPassword } from './password-hash';
import type { TenantIndex } from './tenant-index';

type Input = {
  db: Db; runId: string; collection: string; file: string; target: CollectionTarget; tenants: TenantIndex;
  pass: LegacyPass; targetCells: CellSums; diff: CollectionDiff | null; source: CollectionSource;
};

const WORDS: Record<DiffKind, { check: 'completeness' | 'content'; text: string }> = {
  missing: { check: 'completeness', text: 'missing from the target' },
  extra: { check: 'completeness', text: 'in the target without a legacy document (extra)' },
  changed: { check: 'content', text: 'changed in the target' },
  wrong_tenant: { check: 'content', text: 'in the wrong tenant' },
};

/** Turns one collection's comparison into report results: counts (info), differences (critical), passwords, quarantine, file changes. */
export async function collectionResults(input: Input): Promise<ValidationResult[]> {
  const { collection, file, tenants, pass, diff, source } = input;
  const results: ValidationResult[] = [];
  const tenantId = (index: number) => tenants.uuidOf(index);
  const detail = (s: DiffSample): SampleDetail => ({
    id: s.id, line: s.line, file, tenant: tenantId(s.tenant), problem: s.kind,
    ...(s.fields ? { fields: s.fields } : {}),
    ...(s.otherTenants ? { foundUnder: s.otherTenants.map((t) => tenantId(t) ?? tenants.describe(t)) } : {}),
    ...(s.tenant === 1 ? { note: 'the document has no tenant and was not quarantined' } : {}),
  });
  const actual = input.targetCells.total();
  results.push({
    check: 'counts', severity: 'info', collection, expected: pass.count, actual,
    message: `${collection} → ${input.target.table}: ${pass.count} documents expected (${source.quarantined} quarantined, not expected), ${actual} rows found.`,
  });

  if (diff?.coarse) {
    results.push({
      check: 'content', severity: 'critical', collection, count: diff.coarse.rows, expected: pass.count, actual,
      message: `${diff.coarse.cells} checksum cells of ${collection} differ, over ${diff.coarse.rows} rows: too many differences to name one by one (at least ${diff.counts.missing} missing, ${diff.counts.extra} extra). Re-run the collection, then validate again.`,
    });
  }
  if (diff && !diff.coarse) {
    for (const kind of ['missing', 'extra', 'changed', 'wrong_tenant'] as DiffKind[]) {
      const count = diff.counts[kind];
      if (count === 0) continue;
      const samples = diff.samples.filter((s) => s.kind === kind);
      const fields = kind === 'changed' ? [...new Set(samples.flatMap((s) => s.fields ?? []))] : [];
      const breakdown = [...diff.perTenant].filter(([, c]) => c[kind] > 0).map(([t, c]) => ({ tenant: tenantId(t) ?? tenants.describe(t), count: c[kind] }));
      const uncompared = kind === 'changed' && diff.uncompared > 0 ? ` (${diff.uncompared} of them counted by checksum only)` : '';
      results.push({
        check: WORDS[kind].check, severity: 'critical', collection, count, sample: samples.map((s) => s.id), details: samples.map(detail), breakdown,
        ...(breakdown.length === 1 ? { tenant: breakdown[0]?.tenant } : {}),
        message: `${count} document(s) of ${collection} ${WORDS[kind].text}${uncompared}${fields.length ? `; differing fields: ${fields.join(', ')}` : ''}.`,
      });
    }
    if (diff.textOnly > 0) {
      results.push({ check: 'content', severity: 'info', collection, count: diff.textOnly, message: `${diff.textOnly} document(s) of ${collection} are written differently (e.g. 1.50 and 1.5) but hold equal values.` });
    }
  }
  if (pass.unreadable > 0) {
    results.push({ check: 'completeness', severity: 'critical', collection, count: pass.unreadable, message: `${pass.unreadable} final line(s) of ${file} are no longer documents: the file changed while it was validated. Validate again.` });
  }
  results.push(...passwordResults(input));
  results.push(...(await quarantineResults(input)));
  if (source.changed) {
    const c = source.changed;
    results.push({
      check: 'legacy_changed', severity: 'warning', collection, expected: c.liveBefore, actual: c.liveNow,
      message: `${file} changed since the run: ${c.bytesNow - c.bytesBefore >= 0 ? '+' : ''}${c.bytesNow - c.bytesBefore} bytes, ${c.linesNow - c.linesBefore} lines, live documents ${c.liveBefore} → ${c.liveNow}. Its documents were re-checked against the target as they are now.`,
    });
  }
  return results;
}

function passwordResults(input: Input): ValidationResult[] {
  const { collection, pass, diff } = input;
  const tally = pass.passwords;
  const out: ValidationResult[] = [];
  if (tally.plaintextDocuments > 0) {
    out.push({
      check: 'credentials', severity: 'critical', collection, count: tally.plaintextDocuments, sample: tally.plaintextIds,
      details: tally.plaintextIds.map((id, i) => ({ id, line: tally.plaintextLines[i] ?? null, file: input.file, problem: 'plaintext_password', fields: [...tally.fields] })),
      message: `${tally.plaintextDocuments} document(s) of ${collection} hold a password-like field (${[...tally.fields].join(', ')}) that is not a recognised hash (plaintext).`,
    });
  }
  const targetPlain = (diff?.changedPasswords ?? []).filter((p) => classifyPassword(p.value).kind === 'plaintext');
  if (targetPlain.length > 0) {
    out.push({
      check: 'credentials', severity: 'critical', collection, count: targetPlain.length, sample: targetPlain.map((p) => p.id).slice(0, 20),
      details: targetPlain.slice(0, 20).map((p) => ({ id: p.id, line: null, problem: 'plaintext_password', fields: [p.field], note: 'in the target row' })),
      message: `${targetPlain.length} target row(s) of ${collection} hold a plaintext value in a password-like field.`,
    });
  }
  if (tally.hashed > 0) {
    const schemes = [...tally.schemes].map(([s, n]) => `${s}: ${n}`).join(', ');
    out.push({ check: 'credentials', severity: 'info', collection, count: tally.hashed, message: `${tally.hashed} password value(s) of ${collection} are recognised hashes (${schemes}); ${tally.empty} empty.` });
  }
  return out;
}

async function quarantineResults({ db, runId, collection, file, source }: Input): Promise<ValidationResult[]> {
  if (source.quarantined === 0) return [];
  const [reasons, samples] = await Promise.all([
    db.query<{ reason: string; n: number }>(`SELECT reason, count(*)::int AS n FROM ferry.quarantine WHERE run_id = $1 AND collection = $2 GROUP BY reason ORDER BY n DESC, reason LIMIT 5`, [runId, collection]),
    db.query<{ legacy_id: string | null; line: number; reason: string }>(`SELECT legacy_id, line, reason FROM ferry.quarantine WHERE run_id = $1 AND collection = $2 ORDER BY line LIMIT 20`, [runId, collection]),
  ]);
  return [{
    check: 'quarantine', severity: 'warning', collection, count: source.quarantined,
    sample: samples.rows.map((r) => r.legacy_id ?? `(line ${r.line})`),
    details: samples.rows.map((r) => ({ id: r.legacy_id ?? `(line ${r.line})`, line: r.line, file, problem: 'quarantined', note: r.reason.slice(0, 300) })),
    message: `${source.quarantined} document(s) of ${collection} were quarantined instead of migrated: ${reasons.rows.map((r) => `${r.n} × ${r.reason.slice(0, 120)}`).join('; ')}.`,
  }];
}
