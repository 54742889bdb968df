/** One reading of an active run: when it was read (ms since epoch) and how many records were processed then. */
export type ProgressSample = { runId: string; at: number; processed: number };

/** How many readings to keep: at one every few seconds, the rate is measured over the last minute or so. */
export const MAX_SAMPLES = 15;
/** A rate needs readings at least this far apart to mean something. */
const MIN_SPAN_MS = 2_000;

/**
 * Adds a reading to the history, keeping only readings of the same run whose processed count did not
 * go back (a new run, or a resumed run recounting, starts the history afresh) and only the latest ones.
 */
export function addSample(samples: ProgressSample[], sample: ProgressSample): ProgressSample[] {
  const last = samples.at(-1);
  if (last && last.at === sample.at) return samples;
  const kept = last && last.runId === sample.runId && last.processed <= sample.processed && last.at < sample.at ? samples : [];
  return [...kept, sample].slice(-MAX_SAMPLES);
}

/**
 * The expected finish from the readings: the rate over the kept window applied to what remains.
 * Null while it cannot be told (fewer than two readings, too close together, or no progress between
 * them — e.g. a paused run); zero seconds once everything is processed.
 */
export function estimateFinish(samples: ProgressSample[], total: number): { etaSeconds: number; finishAt: number } | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return null;
  if (last.processed >= total) return { etaSeconds: 0, finishAt: last.at };
  const span = last.at - first.at;
  const done = last.processed - first.processed;
  if (span < MIN_SPAN_MS || done <= 0) return null;
  const etaSeconds = Math.ceil(((total - last.processed) * span) / done / 1000);
  return { etaSeconds, finishAt: last.at + etaSeconds * 1000 };
}
