/**
 * Reads wrk's result from the JSON line bench/lib/turns.lua prints in done(), rather than
 * scraping wrk's human summary (whose units change with magnitude: µs, ms, s).
 */
import { z } from 'zod';
import type { LoadFigures } from './load-figures.ts';

const count = z.number().int().min(0);

export const wrkResultSchema = z.object({
  duration_us: count,
  /** Completed requests, whatever their status. */
  requests: count,
  bytes: count,
  non2xx: count,
  errors: z.object({ connect: count, read: count, write: count, status: count, timeout: count }),
  latency_us: z.object({ min: count, mean: z.number().min(0), max: count, p50: count, p90: count, p99: count, p999: count }),
});

export type WrkResult = z.infer<typeof wrkResultSchema>;

const MARKER = 'WRK_RESULT ';

/** The result line of a wrk run's stdout; throws, quoting the output, when there is none. */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  if (!line) throw new Error(`wrk printed no ${MARKER.trim()} line (did the script load?):\n${stdout}`);
  return wrkResultSchema.parse(JSON.parse(line.slice(MARKER.length)));
}

/**
 * wrk's figures in the bench's units. wrk's latency histogram is of every completed
 * request (non-2xx included) and wrk 4.1 adds its own coordinated-omission correction
 * to it (`stats_correct`); both servers of a comparison get the same treatment.
 */
export function toLoadFigures(result: WrkResult): LoadFigures {
  const seconds = result.duration_us / 1e6;
  const ok = result.requests - result.non2xx;
  const { connect, read, write, timeout } = result.errors;
  return {
    ok,
    non2xx: result.non2xx,
    errors: connect + read + write + timeout,
    seconds,
    perSecond: seconds > 0 ? ok / seconds : 0,
    p50: result.latency_us.p50 / 1000,
    p99: result.latency_us.p99 / 1000,
  };
}
