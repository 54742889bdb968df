/** A document picked for the read-latency check: where it is in the legacy file and in the target. */
export type LatencySample = { collection: string; id: string; tenant: string | null; line: number; offset: number };

/**
 * A uniform sample of `size` documents over all collections of a validation (reservoir sampling), kept
 * as the pass goes so the latency check needs no extra read to find its documents.
 */
export class LatencySampler {
  readonly samples: LatencySample[] = [];
  private seen = 0;
  private slot = -1;

  constructor(private readonly size = 200, private readonly random: () => number = Math.random) {}

  /** Counts one document; true when it should be kept (then call `keep` with it). */
  wants(): boolean {
    this.seen += 1;
    if (this.samples.length < this.size) {
      this.slot = this.samples.length;
      return true;
    }
    const pick = Math.floor(this.random() * this.seen);
    if (pick >= this.size) return false;
    this.slot = pick;
    return true;
  }

  keep(sample: LatencySample): void {
    this.samples[this.slot] = sample;
  }
}
