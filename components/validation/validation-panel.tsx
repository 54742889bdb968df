'use client';

import { useState } from 'react';
import { useStartValidation, useValidation, useValidations } from '@/lib/client/validation';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { ErrorText } from '../ui/error-text';
import { ResultList } from './result-list';
import { ValidationHistory } from './validation-history';
import { VerdictBanner } from './verdict-banner';

/**
 * The Validation page's live part: the verdict of the shown validation (the newest, or the one in the
 * URL) at the top, its critical issues, warnings and info with drill-down to the sampled legacy ids and
 * their lines, the recommendations, a JSON download, and the history of reports. "Validate" starts a
 * validation of the newest run (or joins the one running).
 */
export function ValidationPanel({ initialId }: { initialId: string | null }) {
  const list = useValidations();
  const start = useStartValidation();
  const [chosen, setChosen] = useState<string | null>(initialId);
  const selected = chosen ?? list.data?.validations[0]?.id ?? null;
  const detail = useValidation(selected);
  const validation = detail.data ?? null;
  const running = list.data?.validations.some((v) => v.state === 'running') ?? false;

  const validate = (
    <Button onClick={() => start.mutate(undefined, { onSuccess: ({ validationId }) => setChosen(validationId) })} disabled={start.isPending || running} data-testid="validate-button">
      {start.isPending ? 'Starting…' : running ? 'Validating…' : 'Validate the last run'}
    </Button>
  );
  if (list.isPending) return <p role="status" className="text-sm text-slate-500">Reading validations…</p>;
  if (!list.data) return <ErrorText error={list.error} testId="validation-error" />;
  if (list.data.validations.length === 0) {
    return (
      <div className="space-y-4">
        <EmptyState title="Nothing validated yet">
          <p>A validation compares every legacy document with the target (counts and content checksums per collection and tenant, down to the exact ids), checks admin users, password hashes, tenant isolation and references, and says whether it is safe to proceed.</p>
          <p>One runs by itself when a migration run completes; you can also start one here or with <code>POST /api/migration/validate</code>.</p>
        </EmptyState>
        <div className="flex justify-center">{validate}</div>
        <ErrorText error={start.error} testId="validate-error" />
      </div>
    );
  }
  return (
    <div className="space-y-6" data-testid="validation-panel">
      <ErrorText error={start.error ?? list.error ?? detail.error} testId="validate-error" />
      {validation && (
        <VerdictBanner
          validation={validation}
          actions={
            <div className="flex gap-2">
              <a className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50" href={`/api/migration/validations/${validation.id}`} download={`ferry-validation-${validation.id}.json`} data-testid="validation-download">Download JSON</a>
              {validate}
            </div>
          }
        />
      )}
      {validation && validation.state !== 'running' && (
        <>
          <Card title="Recommendations">
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800" data-testid="validation-recommendations">{validation.recommendations.map((r, i) => <li key={i}>{r}</li>)}</ul>
          </Card>
          <Card title={`Critical issues (${validation.criticalIssues.length})`} description="Each blocks cutover.">
            <ResultList results={validation.criticalIssues} empty="None: the target holds every legacy document, unchanged and in its tenant; admins, passwords and isolation are sound." testId="validation-critical" />
          </Card>
          <Card title={`Warnings (${validation.warnings.length})`} description="Worth a look before cutover; they do not block it.">
            <ResultList results={validation.warnings} empty="None." testId="validation-warnings" />
          </Card>
          <Card title={`Info (${validation.info.length})`} description="Counts per collection, timings, configuration.">
            <ResultList results={validation.info} empty="None." testId="validation-info" />
          </Card>
        </>
      )}
      <Card title="History" description="Every validation, newest first.">
        <ValidationHistory validations={list.data.validations} selected={selected} onSelect={setChosen} />
      </Card>
    </div>
  );
}
