/** `YYYY-MM-DD HH:MM:SS UTC` for an ISO timestamp (the same on server and client, whatever the locale); the text itself when unparseable. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A duration for a person: `840 ms`, `3.2 s`, `4 min 12 s`, `2 h 5 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** `1 migration`, `3 migrations`. */
export function countMigrations(n: number): string {
  return `${n} migration${n === 1 ? '' : 's'}`;
}

/** A step's SQL as one script, each statement ending with `;` (as `db:migrate --dry-run` prints it). */
export function stepScript(statements: string[]): string {
  return statements.map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`)).join('\n\n');
}
