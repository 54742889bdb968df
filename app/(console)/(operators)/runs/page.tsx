import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Runs' };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Migration runs: live progress, pause and resume." />
      <EmptyState title="No migration has run">
        <p>A run shows its overall and per-collection progress, rows per second, ETA and errors here, updated every second, with pause and resume for Level-1 admins.</p>
        <p>Runs are started from the Plan page once the plan has no blockers and a verified snapshot exists.</p>
      </EmptyState>
    </>
  );
}
