import type { FieldProfileView } from '@/lib/shared/contracts/plan';

/** `976 KB`, `1.4 MB`, `12 B` (binary multiples, one decimal below 10). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} ${units[unit]}`;
}

/** The types seen in a field, most frequent first: `string ×40, null ×2`. */
export function formatTypes(types: FieldProfileView['types']): string {
  const entries = Object.entries(types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? '—' : entries.map(([type, n]) => `${type} ×${n}`).join(', ');
}

/** A ratio as a percentage for a table cell: `0 %`, `<1 %`, `12.5 %`. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r) || r <= 0) return '0 %';
  if (r < 0.01) return '<1 %';
  return `${Math.round(r * 1000) / 10} %`;
}
