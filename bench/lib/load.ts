/**
 * A closed-loop load generator: `concurrency` workers each send one request at a time
 * for `durationMs`, recording every latency. Bounded in count and time.
 */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Without `ratePerSecond` the load is closed-loop (as fast as answers come back: the
 * saturation throughput). With it, requests are paced to that total rate, so latency is
 * measured below saturation instead of being queueing time (Little's law).
 */
export async function runLoad(options: { concurrency: number; durationMs: number; maxRequests?: number; ratePerSecond?: number; request: (worker: number) => Promise<boolean> }): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let k = 0; performance.now() < deadline && latencies.length + errors < max; k++) {
        if (options.ratePerSecond) {
          const due = started + ((k * options.concurrency + worker) * 1000) / options.ratePerSecond;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (performance.now() >= deadline) break;
        }
        const t0 = performance.now();
        const ok = await options.request(worker).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
