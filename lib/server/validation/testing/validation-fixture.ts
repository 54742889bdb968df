import type { Db } from '../../db/pool';
import type { ValidationDetail, ValidationResult } from '../../../shared/contracts/validation';
import { getValidation } from '../get-validation';
import { latestVerdict } from '../list-validations';
import { requestValidation } from '../request-validation';

/** Polls a validation until it is no longer running (a worker must be serving the `validation` queue). */
export async function waitForValidation(db: Db, id: string, timeoutMs = 120_000): Promise<ValidationDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const validation = await getValidation(db, id);
    if (validation.state !== 'running') return validation;
    if (Date.now() > deadline) throw new Error(`validation ${id} still running (${validation.progress.checked}/${validation.progress.total}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts (or joins) a validation of the newest run and waits for its report. */
export async function validateNow(db: Db, runId?: string): Promise<ValidationDetail> {
  const { validationId } = await requestValidation(db, { runId, actor: 'test', trigger: 'manual' });
  return waitForValidation(db, validationId);
}

/** Waits for the validation a completed run started by itself. */
export async function waitForAutoValidation(db: Db, runId: string): Promise<ValidationDetail> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const verdict = await latestVerdict(db, runId);
    if (verdict) return waitForValidation(db, verdict.validationId);
    if (Date.now() > deadline) throw new Error(`no validation started for run ${runId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every result of a report, whatever its severity. */
export function allResults(v: ValidationDetail): ValidationResult[] {
  return [...v.criticalIssues, ...v.warnings, ...v.info];
}

/** The results of one check (and severity) in a report. */
export function resultsOf(v: ValidationDetail, check: ValidationResult['check'], severity?: ValidationResult['severity']): ValidationResult[] {
  return allResults(v).filter((r) => r.check === check && (!severity || r.severity === severity));
}
