'use client';

import { useState, type FormEvent } from 'react';
import { EMPTY_LOG_FILTERS, type LogFilters } from '@/lib/client/logs';
import { Button } from '../ui/button';
import { Field, Input, Select } from '../ui/field';

/** The Logs page's filter form: applied on submit (a page per keystroke would poll the database for nothing). */
export function LogFiltersForm({ value, onApply }: { value: LogFilters; onApply: (filters: LogFilters) => void }) {
  const [draft, setDraft] = useState(value);
  const set = <K extends keyof LogFilters>(key: K) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value as LogFilters[K] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label="Filter logs" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="log-filters">
      <Field label="Actor"><Input value={draft.actor} onChange={set('actor')} placeholder="part of an email" maxLength={254} /></Field>
      <Field label="Action"><Input value={draft.action} onChange={set('action')} placeholder="e.g. migration. or user.create" maxLength={100} /></Field>
      <Field label="Outcome">
        <Select value={draft.outcome} onChange={set('outcome')}>
          <option value="">any</option><option value="success">success</option><option value="failure">failure</option><option value="denied">denied</option>
        </Select>
      </Field>
      <Field label="Level">
        <Select value={draft.level} onChange={set('level')}>
          <option value="">any</option><option value="info">info</option><option value="warn">warn</option><option value="error">error</option>
        </Select>
      </Field>
      <Field label="Collection"><Input value={draft.collection} onChange={set('collection')} placeholder="run events of one collection" maxLength={200} /></Field>
      <Field label="From"><Input type="datetime-local" step="1" value={draft.from} onChange={set('from')} /></Field>
      <Field label="To"><Input type="datetime-local" step="1" value={draft.to} onChange={set('to')} /></Field>
      <div className="flex items-end gap-2">
        <Button type="submit">Apply filters</Button>
        <Button variant="ghost" onClick={() => { setDraft(EMPTY_LOG_FILTERS); onApply(EMPTY_LOG_FILTERS); }}>Clear</Button>
      </div>
    </form>
  );
}
