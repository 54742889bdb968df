import v8 from 'node:v8';
import vm from 'node:vm';

/** Records at least this large (bytes) are huge: their garbage is collected at once (see releaseMemory). */
export const HUGE_RECORD_BYTES = 8 * 1024 * 1024;

/**
 * V8's full garbage collection, obtained once through `--expose-gc` set at run time (it exposes `gc` in
 * new contexts only, so the application's global object is untouched). Null if the engine refused.
 */
const collect: (() => void) | null = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
})();

/**
 * Frees the garbage a huge record left (its text pieces, its text, its parsed document) before the next
 * huge allocation. Why: V8 starts with a high old-generation limit and grows it lazily, so hundreds of
 * megabytes of dead strings can stay mapped while the next pass allocates as much again (measured: a
 * 150 MB document cost 5.5× its size). Called only around records of HUGE_RECORD_BYTES or more, so a
 * full collection (milliseconds on Ferry's small heap) is rare next to the seconds such a record takes.
 */
export function releaseMemory(): void {
  collect?.();
}
