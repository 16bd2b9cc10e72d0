/**
 * Token buckets keyed by caller (an IP, a session). In memory on purpose: limits are
 * per process and losing them on restart is harmless. Buckets that refill completely
 * are dropped, so idle callers hold no memory.
 */
import type { Clock } from '../clock.ts';
import { tooManyRequests } from '../errors.ts';

export interface RateLimit {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Requests regained per minute. */
  perMinute: number;
}

export interface RateLimiter {
  /** Take one request for `key`, or throw a 429 with `Retry-After`. */
  take(key: string): void;
}

export function createRateLimiter(limit: RateLimit, clock: Clock): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perMinute / 60_000;
  let lastSweep = clock.now();

  function sweep(now: number) {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= limit.capacity) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const now = clock.now();
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: limit.capacity, at: now };
      const tokens = Math.min(limit.capacity, bucket.tokens + (now - bucket.at) * perMs);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now });
        throw tooManyRequests(Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)));
      }
      buckets.set(key, { tokens: tokens - 1, at: now });
    },
  };
}
