import type { AuditEvent, RunEvent } from '../../../shared/contracts/migration';

const COLUMNS = ['at', 'source', 'level', 'actor', 'action', 'outcome', 'status', 'collection', 'run_id', 'message'] as const;

/**
 * One CSV cell: RFC 4180 quoting (a cell with a comma, quote, CR or LF is quoted, quotes doubled), and a
 * cell a spreadsheet would run as a formula (starting with = + - @, or a tab or CR) is prefixed with `'`
 * so it stays text (CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Log entries as CSV (header row, CRLF line ends, RFC 4180), in the order given. */
export function logsToCsv(entries: (RunEvent | AuditEvent)[]): string {
  const rows = entries.map((e) => e.kind === 'audit'
    ? [e.at, 'audit', e.level, e.actor, e.action, e.outcome, e.status, '', '', e.message]
    : [e.at, 'event', e.level, '', '', '', '', e.collection, e.runId, e.message]);
  return [COLUMNS as readonly unknown[], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
