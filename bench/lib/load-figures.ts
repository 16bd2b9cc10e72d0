/**
 * What one load run reports, whichever generator ran it. Latencies are milliseconds;
 * `perSecond` counts 2xx answers only, so a server answering errors fast does not look
 * fast.
 */
export interface LoadFigures {
  /** 2xx answers. */
  ok: number;
  /** Answers outside 2xx. */
  non2xx: number;
  /** Socket errors and timeouts: requests that got no answer. */
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}
