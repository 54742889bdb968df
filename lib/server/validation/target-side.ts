import type { Db } from '../db/pool';
import { CellSums } from './cell-sums';
import type { RunCollection } from './check-collection';
import { documentTableCells, typedTableCells, type DocumentTableCells } from './target-cells';
import type { TenantIndex } from './tenant-index';

type DocumentTable = 'app_documents' | 'admin_documents';

/**
 * The target side of a validation, computed by the database while Node reads the legacy files: one
 * pass per document table for all the collections still to check (queued one after the other on one
 * connection, so the database uses one core and Node the other), and one query per typed table when its
 * collection is compared. Also keeps, per document table, the row count of every collection tag found
 * (for the missing-tag check) when the pass covered the whole table.
 */
export class TargetSide {
  private readonly tables = new Map<DocumentTable, { cells: Promise<DocumentTableCells>; done: boolean; whole: boolean }>();
  readonly typedWithoutLegacyId = new Map<string, number>();

  constructor(private readonly db: Db, private readonly tenants: TenantIndex, private readonly onTable: (table: string, seconds: number) => void = () => undefined) {}

  /** Starts the document tables' passes for these collections (`whole`: no filter, every tag is seen). */
  start(collections: RunCollection[], whole: boolean): void {
    let chain: Promise<unknown> = Promise.resolve();
    for (const table of ['app_documents', 'admin_documents'] as DocumentTable[]) {
      const names = collections.filter((c) => c.target.kind === table).map((c) => c.collection);
      if (names.length === 0) continue;
      const entry = { cells: Promise.resolve(new Map()) as Promise<DocumentTableCells>, done: false, whole };
      const started = performance.now();
      entry.cells = chain.then(() => documentTableCells(this.db, table, this.tenants, whole ? undefined : names)).finally(() => {
        entry.done = true;
        this.onTable(table, (performance.now() - started) / 1000);
      });
      entry.cells.catch(() => undefined); // awaited (and thrown) by whoever needs it
      chain = entry.cells.catch(() => undefined);
      this.tables.set(table, entry);
    }
  }

  /** True when comparing this collection would not wait for the database. */
  isReady(run: RunCollection): boolean {
    if (run.target.kind === 'typed') return true;
    return this.tables.get(run.target.kind)?.done ?? true;
  }

  /** The target cells of one collection. */
  async cellsOf(run: RunCollection): Promise<CellSums> {
    if (run.target.kind === 'typed') {
      const { cells, withoutLegacyId } = await typedTableCells(this.db, run.target, this.tenants);
      this.typedWithoutLegacyId.set(run.target.table, withoutLegacyId);
      return cells;
    }
    const entry = this.tables.get(run.target.kind);
    return (entry ? (await entry.cells).get(run.collection) : undefined) ?? new CellSums();
  }

  /** Rows per collection tag of each document table read whole (null for a table read for some collections only). */
  async tagCounts(): Promise<Map<DocumentTable, Map<string, number> | null>> {
    const out = new Map<DocumentTable, Map<string, number> | null>();
    for (const [table, entry] of this.tables) {
      if (!entry.whole) {
        out.set(table, null);
        continue;
      }
      const counts = new Map<string, number>();
      for (const [tag, cells] of await entry.cells) counts.set(tag, cells.total());
      out.set(table, counts);
    }
    return out;
  }
}
