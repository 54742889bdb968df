/**
 * A queue of batch writes drained by one writer, in order (so each stream's checkpoints advance in
 * order), while the producer keeps reading: the database's COPY and Node's parsing run side by side.
 * `push` waits only when more than `maxQueuedBytes` are queued (backpressure, bounded memory). The first
 * failure stops the queue and is thrown by the next `push` or by `drain`.
 */
export function createWriteQueue(maxQueuedBytes: number) {
  let tail: Promise<void> = Promise.resolve();
  let queuedBytes = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  return {
    async push(bytes: number, write: () => Promise<void>): Promise<void> {
      if (failure) throw failure;
      queuedBytes += bytes;
      tail = tail.then(async () => {
        if (failure) return;
        try {
          await write();
        } catch (error) {
          failure = error;
        } finally {
          queuedBytes -= bytes;
          wake?.();
        }
      });
      while (queuedBytes > maxQueuedBytes && !failure) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
    },
    /** Waits until every queued write committed; throws the first failure. */
    async drain(): Promise<void> {
      await tail;
      if (failure) throw failure;
    },
  };
}
