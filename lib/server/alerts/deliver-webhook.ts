export type DeliveryOptions = {
  /** Attempts in total (default 3). */
  attempts?: number;
  /** Wait before the second attempt, doubled before each next one (default 1000 ms). */
  backoffMs?: number;
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs?: number;
};

export type DeliveryResult = { ok: boolean; attempts: number; error: string | null };

/**
 * POSTs a JSON body to the alert webhook, retrying with exponential backoff until a 2xx answer or the
 * attempts run out. Never throws; the result says how it went (the error names a status or a network
 * failure, never the URL, which may hold a secret).
 */
export async function deliverWebhook(url: string, body: unknown, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 1000;
  let error: string | null = null;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'ferry-alerts' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        redirect: 'error',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, attempts: attempt, error: null };
      error = `HTTP ${response.status}`;
    } catch (failure) {
      error = (failure as Error).name === 'TimeoutError' ? 'timed out' : 'network error';
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts, error };
}
