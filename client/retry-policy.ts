/**
 * Which failed requests the client sends again, and after how long. Only reads (`GET`) are
 * retried: the API has no idempotency keys, so a second POST could create a second agent or
 * run a turn twice, and a second DELETE answers 404 for a delete that worked. Reads are
 * retried when the failure is likely to pass: the connection failed, a gateway or the
 * server was briefly unavailable (502, 503, 504), or the server asked to wait (429 with
 * `Retry-After`). Everything else fails at once, with the server's `retryAfterSeconds` on
 * the error for callers who know more than the client does.
 */

export interface RetryOptions {
  /** Retries after the first attempt (default 2); 0 turns retrying off. */
  retries?: number;
  /** The first backoff, doubled for each later retry (default 250 ms). */
  baseDelayMs?: number;
  /** The longest wait; a server asking for longer is not retried (default 10 s). */
  maxDelayMs?: number;
}

export interface FailedAttempt {
  method: string;
  /** Retries made so far: 0 after the first attempt. */
  retriesSoFar: number;
  /** The HTTP status, or undefined when no answer came (the connection failed). */
  status: number | undefined;
  /** `Retry-After` in seconds, when the answer had one. */
  retryAfterSeconds: number | undefined;
}

const RETRIED_STATUSES = new Set([502, 503, 504]);
const DEFAULTS = { retries: 2, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * How long to wait before retrying, or undefined not to retry.
 * @example retryDelay({ method: 'GET', retriesSoFar: 0, status: 503, retryAfterSeconds: 1 }) // 1000
 */
export function retryDelay(attempt: FailedAttempt, options: RetryOptions = {}, random: () => number = Math.random): number | undefined {
  const { retries, baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  if (attempt.method !== 'GET' || attempt.retriesSoFar >= retries) return undefined;
  const { status, retryAfterSeconds } = attempt;
  if (retryAfterSeconds !== undefined && (status === 429 || status === 503)) {
    const asked = retryAfterSeconds * 1000;
    return asked <= maxDelayMs ? asked : undefined;
  }
  if (status !== undefined && !RETRIED_STATUSES.has(status)) return undefined;
  // Half fixed, half random: clients failing together do not all come back together.
  const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt.retriesSoFar);
  return Math.round(backoff / 2 + (random() * backoff) / 2);
}

/**
 * `Retry-After` as seconds: a number of seconds or an HTTP date.
 * @example parseRetryAfter('3', Date.now()) // 3
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
