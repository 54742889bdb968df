'use client';

import { useState } from 'react';
import { failedRunResult, useSchemaAction, useSchemaStatus, type SchemaAction } from '@/lib/client/schema';
import { Card } from '../ui/card';
import { ErrorText } from '../ui/error-text';
import { Button } from '../ui/button';
import { ConfirmRunDialog } from './confirm-run-dialog';
import { AppliedTable, PendingTable } from './migration-tables';
import { countMigrations } from './format';
import { RunResult } from './run-result';
import { LintFindings, LockStatus, ProblemsBanner } from './schema-findings';

/**
 * The Schema page's live part: problems on top, the lock, the last run's result, pending and applied
 * migrations and the Nile lint. With `canChange` (Level 1) it offers "Apply pending" and "Roll back
 * to…", each behind a confirmation showing the dry run's SQL.
 */
export function SchemaPanel({ canChange }: { canChange: boolean }) {
  const status = useSchemaStatus();
  const preview = useSchemaAction();
  const run = useSchemaAction();
  const [action, setAction] = useState<SchemaAction | null>(null);

  function open(next: SchemaAction) {
    run.reset();
    setAction(next);
    preview.mutate({ ...next, dryRun: true });
  }
  function close() {
    setAction(null);
    preview.reset();
  }
  function confirm() {
    if (action) run.mutate({ ...action, dryRun: false }, { onSettled: close });
  }

  if (status.isPending) return <p role="status" className="text-sm text-slate-500">Reading the migration ledger…</p>;
  if (!status.data) return <ErrorText error={status.error} testId="schema-error" />;

  const data = status.data;
  const busy = Boolean(action) || run.isPending;
  const blocked = data.problems.length > 0 || data.lint.errors > 0;
  const showResult = run.isSuccess || run.isError;

  return (
    <div className="space-y-6">
      <ProblemsBanner problems={data.problems} />
      <ErrorText error={status.error} testId="schema-error" />
      <Card title="Migration lock"><LockStatus lock={data.lock} /></Card>
      {showResult && <RunResult result={run.data ?? failedRunResult(run.error)} error={run.error} onDismiss={() => run.reset()} />}
      <Card
        title={`Pending (${data.pending.length})`}
        description="Migrations not applied yet, in the order they will be applied."
        actions={canChange && data.pending.length > 0 && (
          <Button onClick={() => open({ kind: 'migrate' })} disabled={busy || blocked} title={blocked ? 'Fix the problems and lint errors first' : undefined}>
            Apply pending
          </Button>
        )}
      >
        <PendingTable pending={data.pending} />
      </Card>
      <Card title={`Applied (${data.applied.length})`} description="The ledger: every applied migration with its chained checksum.">
        <AppliedTable applied={data.applied} onRollback={canChange ? (to) => open({ kind: 'rollback', to }) : undefined} disabled={busy} />
      </Card>
      <Card
        title="Nile compatibility"
        description={`${data.lint.errors} error(s), ${data.lint.warnings} warning(s) over ${countMigrations(data.applied.length + data.pending.length)}. An error blocks applying.`}
      >
        <LintFindings findings={data.lint.findings} migrationCount={data.applied.length + data.pending.length} />
      </Card>
      {action && (
        <ConfirmRunDialog
          action={action}
          preview={{ data: preview.data, error: preview.error, isPending: preview.isPending }}
          isRunning={run.isPending}
          onConfirm={confirm}
          onCancel={close}
        />
      )}
    </div>
  );
}
