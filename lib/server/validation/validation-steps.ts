import type { Db } from '../db/pool';
import type { ValidationResult } from '../../shared/contracts/validation';

/** A finished step of a validation: a collection (`collection:<name>`) or a global check (`admins`, `isolation`, …). */
export type DoneStep = { step: string; position: number; checked: number; results: ValidationResult[]; facts: Record<string, unknown>; seconds: number };

/** The steps a validation already finished (a resumed validation skips them), in order. */
export async function readSteps(db: Db, validationId: string): Promise<Map<string, DoneStep>> {
  const { rows } = await db.query<DoneStep>(
    `SELECT step, position, checked::float8 AS checked, results, facts, seconds FROM ferry.validation_steps WHERE validation_id = $1 ORDER BY position, step`, [validationId]);
  return new Map(rows.map((r) => [r.step, r]));
}

/**
 * Records a finished step. Idempotent: a step is recorded once (a second copy of the job that somehow
 * got this far keeps the first record), so results never count twice.
 */
export async function saveStep(db: Db, validationId: string, step: DoneStep): Promise<void> {
  await db.query(
    `INSERT INTO ferry.validation_steps (validation_id, step, position, checked, results, facts, seconds) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (validation_id, step) DO NOTHING`,
    [validationId, step.step, step.position, step.checked, JSON.stringify(step.results), JSON.stringify(step.facts), step.seconds],
  );
}

/**
 * A throttled progress writer: `checked` of `total` documents and the current step, written at most once
 * a second (and whenever `flush` is called). Every write also says the validation is alive (`updated_at`).
 */
export function progressWriter(db: Db, validationId: string, total: number) {
  let checked = 0;
  let step = 'starting';
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const write = () => {
    last = Date.now();
    const values = [validationId, Math.min(checked, total), total, step];
    pending = pending.then(() => db.query(`UPDATE ferry.validations SET checked = $2, total = $3, step = $4, updated_at = now() WHERE id = $1 AND state = 'running'`, values)).catch(() => undefined);
  };
  return {
    set(nextChecked: number, nextStep = step) {
      checked = nextChecked;
      step = nextStep;
      if (Date.now() - last >= 1000) write();
    },
    setTotal(nextTotal: number) {
      total = nextTotal;
    },
    get checked() {
      return checked;
    },
    get total() {
      return total;
    },
    async flush() {
      write();
      await pending;
    },
  };
}
