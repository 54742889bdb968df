import { z } from 'zod';
import type { Db } from '../../db/pool';
import { redactParams } from '../../audit/record-audit';
import type { QuarantinedDocument, QuarantinePage } from '../../../shared/contracts/migration';

export const QuarantineQuerySchema = z.object({
  runId: z.uuid().optional(),
  collection: z.string().max(200).optional(),
  /** Keyset cursor: `collection/line` of the last item of the previous page. */
  after: z.string().max(300).regex(/^.+\/\d{1,9}$/, 'must be <collection>/<line>, as `next` gives it').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});


/**
 * Documents a run kept aside instead of migrating, with the reason and the file and line they came
 * from (the run given, else the newest). Secret-looking fields are masked in the answer.
 */
export async function listQuarantine(db: Db, query: z.input<typeof QuarantineQuerySchema>): Promise<QuarantinePage> {
  const q = QuarantineQuerySchema.parse(query);
  const run = q.runId ?? (await db.query<{ id: string }>(`SELECT id FROM ferry.migration_runs ORDER BY created_at DESC LIMIT 1`)).rows[0]?.id;
  if (!run) return { total: 0, items: [], next: null };
  const [afterCollection, afterLine] = q.after ? [q.after.slice(0, q.after.lastIndexOf('/')), Number(q.after.slice(q.after.lastIndexOf('/') + 1))] : [null, null];
  const [items, total] = await Promise.all([
    db.query<QuarantinedDocument & { document: string }>(
      `SELECT run_id AS "runId", collection, file, line, legacy_id AS "legacyId", tenant_key AS "tenantKey", reason, document
         FROM ferry.quarantine WHERE run_id = $1 AND ($2::text IS NULL OR collection = $2)
          AND ($3::text IS NULL OR (collection, line) > ($3, $4::int)) ORDER BY collection, line LIMIT $5`,
      [run, q.collection ?? null, afterCollection, afterLine, q.limit]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ferry.quarantine WHERE run_id = $1 AND ($2::text IS NULL OR collection = $2)`, [run, q.collection ?? null]),
  ]);
  const mapped = items.rows.map((r) => {
    let document: unknown = r.document;
    try {
      document = redactParams(JSON.parse(r.document));
    } catch {
      document = r.document.slice(0, 2000);
    }
    return { ...r, document };
  });
  const last = mapped.at(-1);
  return { total: total.rows[0]?.n ?? 0, items: mapped, next: mapped.length === q.limit && last ? `${last.collection}/${last.line}` : null };
}
