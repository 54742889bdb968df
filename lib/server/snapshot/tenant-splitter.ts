/** One tenant's contiguous part of a table's COPY text, as it streams by. */
export type SplitSink = {
  /** A new segment starts (rows are ordered by tenant first, so each tenant's rows come together). */
  begin(tenantId: string | null): Promise<void>;
  /** Bytes of the current segment (whole lines or parts of one). */
  data(chunk: Buffer): Promise<void>;
  /** The current segment is complete. */
  end(): Promise<void>;
};

const TENANT_BYTES = 36; // a canonical UUID in COPY text

/**
 * Splits the COPY text of a table, ordered by tenant first, into per-tenant segments without copying
 * rows: each chunk is passed on in slices at the lines where the tenant (the first column) changes.
 * Shared tables are one segment (tenant `null`). A line split across chunks is carried over until its
 * tenant is known.
 */
export function createTenantSplitter(isTenantTable: boolean, sink: SplitSink) {
  let current: Buffer | null = null;
  let started = false;
  let carry: Buffer | null = null; // the start of a line whose tenant is not known yet
  let atLineStart = true;
  let lastByte = 10;

  const switchTo = async (tenant: Buffer) => {
    if (started) await sink.end();
    current = Buffer.from(tenant);
    started = true;
    await sink.begin(current.toString('latin1'));
  };

  return {
    async push(input: Buffer): Promise<void> {
      if (input.length > 0) lastByte = input[input.length - 1] as number;
      if (!isTenantTable) {
        if (!started) {
          started = true;
          await sink.begin(null);
        }
        await sink.data(input);
        return;
      }
      const chunk = carry ? Buffer.concat([carry, input]) : input;
      carry = null;
      let sliceStart = 0;
      let at = 0;
      while (at < chunk.length) {
        if (atLineStart) {
          if (chunk.length - at < TENANT_BYTES + 1) {
            if (at > sliceStart) await sink.data(chunk.subarray(sliceStart, at));
            carry = Buffer.from(chunk.subarray(at));
            return;
          }
          const tenant = chunk.subarray(at, at + TENANT_BYTES);
          if (!current || !tenant.equals(current)) {
            if (at > sliceStart) await sink.data(chunk.subarray(sliceStart, at));
            sliceStart = at;
            await switchTo(tenant);
          }
          atLineStart = false;
        }
        const newline = chunk.indexOf(10, at);
        if (newline === -1) break;
        at = newline + 1;
        atLineStart = true;
      }
      if (chunk.length > sliceStart) await sink.data(chunk.subarray(sliceStart));
    },
    async finish(): Promise<void> {
      if ((carry && carry.length > 0) || lastByte !== 10) throw new Error('COPY output ended inside a row.');
      if (started) await sink.end();
    },
  };
}
