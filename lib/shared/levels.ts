/**
 * Console access levels. Lower is more powerful: a route that needs level 2 admits levels 1 and 2.
 */
export const LEVELS = {
  1: { name: 'System admin', summary: 'Everything: migrations, rollback, users, tokens.' },
  2: { name: 'Operator', summary: 'Reads everything, may plan and validate.' },
  3: { name: 'Viewer', summary: 'The stakeholder status page only.' },
} as const;

export type Level = keyof typeof LEVELS;

/** True when a caller with `actual` may do what needs `required`. */
export function hasLevel(actual: Level, required: Level): boolean {
  return actual <= required;
}
