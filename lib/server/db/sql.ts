/**
 * Quoting for the few places where SQL must name an identifier or embed a literal that cannot be a
 * bind parameter (DDL, SET). Values always go through parameters instead.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error('Invalid SQL identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('Invalid SQL literal');
  return `'${value.replace(/'/g, "''")}'`;
}

/** `schema.table` with both parts quoted. */
export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
