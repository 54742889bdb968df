/** Which documents a validation pass skips: the run's quarantined ones, by line (the file is the one the run read) or by id (it changed since). */
export type SkipRule = { lines: Uint32Array } | { ids: ReadonlySet<string> };

export type LineSelector = {
  /** For visitLines: true for final lines that are not skipped by line. */
  select: (line: number) => boolean;
  /** True once every final line has been seen (the reader may stop). */
  isDone: () => boolean;
  /** True when skipping goes by id: the pass asks `skipsId` for each document. */
  byId: boolean;
  skipsId: (id: string) => boolean;
  /** Documents skipped so far. */
  skipped: () => number;
};

/** Walks a scan's ascending final lines alongside the ascending quarantined lines (or a set of quarantined ids). */
export function lineSelector(finalLines: Uint32Array, skip: SkipRule): LineSelector {
  const skipLines = 'lines' in skip ? skip.lines : null;
  const skipIds = 'ids' in skip ? skip.ids : null;
  let next = 0;
  let q = 0;
  let skipped = 0;
  return {
    select: (line) => {
      if (finalLines[next] !== line) return false;
      next += 1;
      if (skipLines) {
        while (q < skipLines.length && (skipLines[q] as number) < line) q += 1;
        if (skipLines[q] === line) {
          q += 1;
          skipped += 1;
          return false;
        }
      }
      return true;
    },
    isDone: () => next >= finalLines.length,
    byId: skipIds !== null,
    skipsId: (id) => {
      if (!skipIds?.has(id)) return false;
      skipped += 1;
      return true;
    },
    skipped: () => skipped,
  };
}
