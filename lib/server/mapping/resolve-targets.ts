import type { ColumnMapping, MappingConfig } from './mapping-schema';

export type TargetKind = 'admin_documents' | 'app_documents' | 'typed';

/** Where one legacy collection goes, fully resolved from the mapping. */
export type CollectionTarget = {
  collection: string;
  category: 'admin' | 'application';
  kind: TargetKind;
  /** Target table in `public`. */
  table: string;
  /** Field with the legacy tenant key; null for admin collections (shared table). */
  tenantField: string | null;
  columns: Record<string, ColumnMapping>;
  /** Typed collections this one references (their rows must exist first: composite foreign keys). */
  dependsOn: string[];
};

function isAdmin(name: string, config: MappingConfig): boolean {
  const explicit = config.collections[name]?.category;
  if (explicit) return explicit === 'admin';
  return config.adminCollections.names.includes(name) || config.adminCollections.prefixes.some((p) => name.startsWith(p));
}

/** Resolves one collection's target. Admin collections always go to the shared `admin_documents`. */
export function resolveTarget(name: string, config: MappingConfig): CollectionTarget {
  const mapping = config.collections[name];
  if (isAdmin(name, config)) {
    return { collection: name, category: 'admin', kind: 'admin_documents', table: 'admin_documents', tenantField: null, columns: {}, dependsOn: [] };
  }
  const tenantField = mapping?.tenantField ?? config.tenantField;
  if (mapping?.table && mapping.columns) {
    const dependsOn = [...new Set(Object.values(mapping.columns).flatMap((c) => (c.type === 'ref' && c.collection && config.collections[c.collection]?.table ? [c.collection] : [])))];
    return { collection: name, category: 'application', kind: 'typed', table: mapping.table, tenantField, columns: mapping.columns, dependsOn: dependsOn.filter((d) => d !== name) };
  }
  return { collection: name, category: 'application', kind: 'app_documents', table: 'app_documents', tenantField, columns: {}, dependsOn: [] };
}

/**
 * Targets for a set of collections, ordered so every typed collection comes after the typed
 * collections it references. Throws on a reference cycle (it could never load).
 */
export function resolveTargets(collections: string[], config: MappingConfig): CollectionTarget[] {
  const targets = new Map(collections.map((c) => [c, resolveTarget(c, config)]));
  const ordered: CollectionTarget[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const target = targets.get(name);
    if (!target || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`Mapping has a reference cycle: ${[...path, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const dependency of target.dependsOn) visit(dependency, [...path, name]);
    state.set(name, 'done');
    ordered.push(target);
  };
  for (const name of [...collections].sort()) visit(name, []);
  return ordered.map((t) => ({ ...t, dependsOn: t.dependsOn.filter((d) => targets.has(d)) }));
}
